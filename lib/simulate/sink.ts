/** In-memory collection of every vendor record the simulation produces, by source and stream, with its event time. */

export type ElfEventType = 'Login' | 'Report' | 'ReportExport' | 'URI';
/** RTEM objects the simulator writes; Threat Detection stores carry vendor anomalies (api-contracts §1.7). */
export type RtemObject = 'ApiEvent' | 'ReportEvent' | 'ReportAnomalyEventStore' | 'ApiAnomalyEventStore';
export type M365ContentType = 'Audit.SharePoint' | 'Audit.Exchange' | 'Audit.AzureActiveDirectory' | 'Audit.General';

export type JsonRecord = Record<string, unknown>;
export type SimSource = 'salesforce' | 'm365' | 'slack' | 'google-workspace' | 'okta';

export interface Timed<T> {
  time: number;
  /** Insertion order: a stable tie-break so equal times sort the same on every run. */
  seq: number;
  record: T;
}

const DAY_MS = 86_400_000;

export class RecordSink {
  readonly elf = new Map<ElfEventType, Timed<Record<string, string>>[]>();
  /** JSON records are kept serialized: tens of thousands of live object graphs would cost more in GC than the run. */
  readonly rtem = new Map<RtemObject, Timed<string>[]>();
  readonly m365 = new Map<M365ContentType, Timed<string>[]>();
  readonly slack: Timed<string>[] = [];
  /** Reports API activities, by application (`drive`, `login`, `chat`…). */
  readonly google = new Map<string, Timed<string>[]>();
  readonly okta: Timed<string>[] = [];
  private seq = 0;
  /** `<source>:<principal>` → UTC days with activity, so scenarios can tell how much history a principal has. */
  private readonly activeDays = new Map<string, Set<number>>();
  /** Salesforce user id → CRM rows read (report ROW_COUNT, RTEM RowsProcessed) by time, to keep habits habitual. */
  private readonly crmRows = new Map<string, Array<{ time: number; rows: number }>>();

  constructor(readonly window: { start: number; end: number }) {}

  private markActive(source: SimSource, principal: unknown, time: number): void {
    if (typeof principal !== 'string') return;
    const key = `${source}:${principal}`;
    let days = this.activeDays.get(key);
    if (!days) this.activeDays.set(key, (days = new Set()));
    days.add(Math.floor(time / DAY_MS));
  }

  /**
   * Distinct UTC days on which the principal acted that a judgement at `at` can rely on: before the day before (the
   * detector's settle day). Whether an IP or tool is "never seen" for someone needs at least one.
   */
  settledDaysBefore(source: SimSource, principal: string, at: number): number {
    const day = Math.floor(at / DAY_MS);
    return [...(this.activeDays.get(`${source}:${principal}`) ?? [])].filter((d) => d < day - 1).length;
  }

  private noteRows(principal: unknown, time: number, rows: unknown): void {
    const n = Number(rows);
    if (typeof principal !== 'string' || !Number.isFinite(n) || n <= 0) return;
    let list = this.crmRows.get(principal);
    if (!list) this.crmRows.set(principal, (list = []));
    list.push({ time, rows: n });
  }

  /** CRM rows a Salesforce user read in [from, to). */
  crmRowsWithin(principal: string, from: number, to: number): number {
    let sum = 0;
    for (const r of this.crmRows.get(principal) ?? []) if (r.time >= from && r.time < to) sum += r.rows;
    return sum;
  }

  /** Records outside the simulated window are dropped (a work day can straddle its edges). */
  private keep(time: number): boolean {
    return time >= this.window.start && time < this.window.end;
  }

  private push<K, T>(map: Map<K, Timed<T>[]>, key: K, time: number, record: T): void {
    if (!this.keep(time)) return;
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push({ time, seq: this.seq++, record });
  }

  addElf(type: ElfEventType, time: number, row: Record<string, string>): void {
    if (this.keep(time)) {
      this.markActive('salesforce', row.USER_ID_DERIVED, time);
      if (type === 'Report') this.noteRows(row.USER_ID_DERIVED, time, row.ROW_COUNT);
    }
    this.push(this.elf, type, time, row);
  }

  addRtem(object: RtemObject, time: number, record: JsonRecord): void {
    if (this.keep(time)) {
      this.markActive('salesforce', record.UserId, time);
      this.noteRows(record.UserId, time, record.RowsProcessed);
    }
    this.push(this.rtem, object, time, JSON.stringify(record));
  }

  addM365(contentType: M365ContentType, time: number, record: JsonRecord): void {
    if (this.keep(time)) this.markActive('m365', record.UserId, time);
    this.push(this.m365, contentType, time, JSON.stringify(record));
  }

  addSlack(time: number, entry: JsonRecord): void {
    if (!this.keep(time)) return;
    const actor = entry.actor as { user?: { id?: unknown } } | undefined;
    this.markActive('slack', actor?.user?.id, time);
    this.slack.push({ time, seq: this.seq++, record: JSON.stringify(entry) });
  }

  addGoogle(time: number, activity: JsonRecord): void {
    if (!this.keep(time)) return;
    const id = activity.id as { applicationName?: unknown } | undefined;
    const actor = activity.actor as { email?: unknown } | undefined;
    this.markActive('google-workspace', actor?.email, time);
    this.push(this.google, String(id?.applicationName), time, JSON.stringify(activity));
  }

  addOkta(time: number, event: JsonRecord): void {
    if (!this.keep(time)) return;
    this.markActive('okta', (event.actor as { id?: unknown } | undefined)?.id, time);
    this.okta.push({ time, seq: this.seq++, record: JSON.stringify(event) });
  }
}

export const byTime = <T>(a: Timed<T>, b: Timed<T>): number => a.time - b.time || a.seq - b.seq;
