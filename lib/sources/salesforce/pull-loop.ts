import type { Envelope } from '../../core/envelope.ts';
import { VendorConfigError, VendorError } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { RECORD_NS } from '../dedupe/digest.ts';
import { legacyDigests } from '../dedupe/legacy-ids.ts';
import type { Mark, PullContext, PullLoop, PullStep } from '../run/collector.ts';
import { contentId, offContractEnvelope } from '../run/off-contract.ts';
import type { SalesforceApi } from './api.ts';
import { ELF_NS, ElfProgress, SalesforceCursorSchema, type RtemCursor, type SalesforceCursor } from './cursor.ts';
import { quotaLow } from './limit-info.ts';
import type { SalesforceSettings } from './settings.ts';
import { parseSfTime } from './sf-time.ts';
import { elfQuery, rtemQuery } from './soql.ts';
import { EventLogFileRowSchema, RtemRecordSchema, type EventLogFileRow } from './wire.ts';

export interface SalesforcePullStats {
  filesWritten: number;
  /** Why the run ended before catching up, when it did ('api-quota'). */
  stoppedReason?: 'api-quota';
  /** RTEM objects the org rejected (INVALID_TYPE: not licensed / not enabled). */
  unavailableObjects: string[];
}

export interface SalesforcePullDeps {
  api: SalesforceApi;
  clients: HttpClient[];
  since?: Date;
}

const MINUTE = 60_000;

/** Thrown inside the loop when the org's daily API quota is (nearly) spent; ends the run cleanly. */
class QuotaStop extends Error {}

/**
 * The Salesforce pull loop. ELF: list EventLogFiles of one interval by CreatedDate from (newest written − lookback),
 * skip files already written, stream each CSV into batches (a file's progress is checkpointed per batch, so a crash
 * mid-file resumes at the next row). RTEM: bounded EventDate windows per object with overlap and EventIdentifier dedupe.
 * The org's API quota is watched on every response: below the reserve, or on REQUEST_LIMIT_EXCEEDED, the run stops
 * after what is durable.
 */
export function salesforcePullLoop(settings: SalesforceSettings, deps: SalesforcePullDeps): PullLoop<SalesforceCursor> & { stats: SalesforcePullStats } {
  const stats: SalesforcePullStats = { filesWritten: 0, unavailableObjects: [] };
  return {
    source: 'salesforce',
    cursorSchema: SalesforceCursorSchema,
    stats,
    retries: () => deps.clients.reduce((n, c) => n + c.stats.retries, 0),
    stopReason: () => (stats.stoppedReason === 'api-quota' ? 'vendor-quota' : undefined),
    readThrough: (c) => {
      if (!c) return undefined;
      const times: (number | undefined)[] = settings.rtem.objects.map((o) => c.rtem[o]?.until);
      if (settings.elf.enabled) times.push(c.elf.listedAt);
      if (times.length === 0 || times.some((t) => t === undefined)) return undefined;
      return Math.min(...(times as number[]));
    },
    describeCursor: (c) => {
      if (!c) return 'none';
      const elf = c.elf.last ? `elf<=${new Date(c.elf.last.createdDate).toISOString()}/${c.elf.last.id}` : 'elf=start';
      const rtem = Object.entries(c.rtem).map(([o, r]) => `${o}<=${r.until === undefined ? 'start' : new Date(r.until).toISOString()}`);
      return [elf, ...rtem].join(' ');
    },
    pull: (cursor, ctx) => pull(settings, deps, stats, cursor, ctx),
  };
}

async function* pull(
  settings: SalesforceSettings,
  deps: SalesforcePullDeps,
  stats: SalesforcePullStats,
  cursor: SalesforceCursor | null,
  ctx: PullContext,
): AsyncGenerator<PullStep<SalesforceCursor>> {
  const now = ctx.now();
  const initialStart = deps.since?.getTime() ?? now - settings.initialLookbackHours * 3_600_000;
  const elf = new ElfProgress(cursor?.elf ?? {}, settings.elf.lookbackHours * 3_600_000);
  const rtem = new Map<string, RtemCursor>();
  for (const o of settings.rtem.objects) {
    const until = cursor?.rtem[o]?.until;
    rtem.set(o, until === undefined ? {} : { until });
  }
  const snapshot = (): SalesforceCursor => {
    const out: SalesforceCursor = { v: 1, elf: elf.snapshot(), rtem: {} };
    for (const [o, c] of Object.entries(cursor?.rtem ?? {})) if (c.until !== undefined) out.rtem[o] = { until: c.until };
    for (const [o, p] of rtem) out.rtem[o] = { ...p };
    return out;
  };
  /** Before every vendor call: the run's budget, then the org's quota. */
  const mayCall = (): boolean => {
    if (ctx.shouldStop()) return false;
    if (quotaLow(deps.api.usage, settings.apiReservePercent)) {
      if (!stats.stoppedReason) ctx.log(`salesforce: stopping, less than ${settings.apiReservePercent}% of the org's daily API quota left (${deps.api.usage?.used}/${deps.api.usage?.max})`);
      stats.stoppedReason = 'api-quota';
      return false;
    }
    return true;
  };

  // What an older cursor kept inline (written files, RTEM ids): recorded as written before anything is read again.
  const legacy: Mark[] = Object.entries(cursor?.elf.files ?? {}).map(([key, atMs]) => ({ ns: ELF_NS, key, atMs }));
  for (const c of Object.values(cursor?.rtem ?? {})) for (const { atMs, digest } of legacyDigests(c.seen ?? [])) legacy.push({ ns: RECORD_NS, digest, atMs });
  if (legacy.length > 0) yield { stream: 'elf:listing', envelopes: [], marks: legacy, cursor: snapshot() };

  try {
    if (settings.elf.enabled) {
      for await (const step of pullElf(settings, deps, stats, elf, initialStart, snapshot, mayCall, ctx)) yield step;
      if (!mayCall()) return;
    }
    for (const [object, p] of rtem) {
      for await (const step of pullRtem(settings, deps, stats, object, p, initialStart, now, snapshot, mayCall, ctx)) yield step;
      if (!mayCall()) return;
    }
  } catch (err) {
    if (err instanceof QuotaStop) return;
    throw err;
  }
  if (stats.unavailableObjects.length > 0) {
    // Everything else is checkpointed by now; the run still fails so that someone fixes the object list.
    throw new VendorConfigError(
      `salesforce: the org rejected ${stats.unavailableObjects.join(', ')} (INVALID_TYPE: not licensed for Real-Time Event Monitoring, or no permission to view it); remove them from the RTEM object list or grant access`,
      { vendor: 'salesforce', status: 400, code: 'INVALID_TYPE' },
    );
  }
}

/** Runs a vendor call; REQUEST_LIMIT_EXCEEDED (the daily quota) becomes a clean stop. */
async function call<T>(stats: SalesforcePullStats, ctx: PullContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof VendorError && err.code === 'REQUEST_LIMIT_EXCEEDED') {
      stats.stoppedReason = 'api-quota';
      ctx.log('salesforce: REQUEST_LIMIT_EXCEEDED (daily API quota spent); stopping the run, the next one resumes from the checkpoint');
      throw new QuotaStop();
    }
    throw err;
  }
}

async function* pullElf(
  settings: SalesforceSettings,
  deps: SalesforcePullDeps,
  stats: SalesforcePullStats,
  p: ElfProgress,
  initialStart: number,
  snapshot: () => SalesforceCursor,
  mayCall: () => boolean,
  ctx: PullContext,
): AsyncGenerator<PullStep<SalesforceCursor>> {
  const files: EventLogFileRow[] = [];
  const flagged: Envelope[] = [];
  let pages = 0;
  if (!mayCall()) return;
  const listedAt = ctx.now();
  let page = await call(stats, ctx, () => deps.api.query(elfQuery(settings.elf.interval, settings.elf.eventTypes, p.listFrom(initialStart))));
  for (;;) {
    pages++;
    for (const r of page.records) {
      const row = EventLogFileRowSchema.safeParse(r);
      if (row.success && !Number.isNaN(safeSfTime(row.data.CreatedDate))) files.push(row.data);
      else flagged.push(offContractEnvelope('salesforce', 'elf:listing', new Date(ctx.now()).toISOString(), r, `EventLogFile row ${row.success ? 'CreatedDate: not a datetime' : issueText(row.error.issues)}`, typeof r.Id === 'string' ? `elf-file:${r.Id}` : undefined));
    }
    if (page.done || !page.nextRecordsUrl) break;
    if (!mayCall()) return;
    const next = page.nextRecordsUrl;
    page = await call(stats, ctx, () => deps.api.more(next));
  }
  if (flagged.length > 0) {
    // Listed again every run within the lookback: the runner's dedupe (timeless bucket) writes each once.
    yield { stream: 'elf:listing', envelopes: flagged, eventTimes: flagged.map(() => Number.NaN), cursor: snapshot(), records: flagged.length };
  }

  const marks = files.map((f) => ({ ns: ELF_NS, key: f.Id, atMs: parseSfTime(f.CreatedDate) }));
  const done = await ctx.seen(marks);
  const batchSize = settings.elf.rowsPerBatch;
  for (const [i, f] of files.entries()) {
    if (done[i]) continue;
    if (!mayCall()) return;
    const stream = `elf:${f.EventType}`;
    const createdMs = marks[i]!.atMs;
    const skip = p.rowsWritten(f.Id);
    const fetchedAt = new Date(ctx.now()).toISOString();
    let buffer: Envelope[] = [];
    let records = 0;
    let index = 0;
    const rows = await call(stats, ctx, async () => {
      const it = deps.api.logFileRows(f.LogFile)[Symbol.asyncIterator]();
      // The first row forces the request, so REQUEST_LIMIT_EXCEEDED and HTTP errors surface here.
      const first = await it.next();
      return { it, first };
    });
    try {
      for (let r = rows.first; !r.done; r = await rows.it.next()) {
        records++;
        if (index >= skip) {
          const id = `${f.Id}:${index}`;
          buffer.push(r.value.offContract === undefined
            ? { v: 1, source: 'salesforce', stream, id, fetchedAt, record: r.value.record }
            : offContractEnvelope('salesforce', stream, fetchedAt, r.value.record, r.value.offContract, id));
        }
        index++;
        if (buffer.length >= batchSize) {
          p.markRows(f.Id, index);
          yield { stream, envelopes: buffer, cursor: snapshot(), pages, records };
          buffer = [];
          records = 0;
          pages = 0;
          if (ctx.shouldStop()) return;
        }
      }
    } finally {
      // Closes the download when the run stops mid-file or the runner ends the loop early.
      await rows.it.return?.(undefined);
    }
    p.markFile(f.Id, createdMs);
    stats.filesWritten++;
    yield { stream, envelopes: buffer, marks: [marks[i]!], cursor: snapshot(), pages: pages + 1, records };
    pages = 0;
  }
  p.listedAt = listedAt;
  yield { stream: 'elf:listing', envelopes: [], cursor: snapshot() };
}

async function* pullRtem(
  settings: SalesforceSettings,
  deps: SalesforcePullDeps,
  stats: SalesforcePullStats,
  object: string,
  p: RtemCursor,
  initialStart: number,
  now: number,
  snapshot: () => SalesforceCursor,
  mayCall: () => boolean,
  ctx: PullContext,
): AsyncGenerator<PullStep<SalesforceCursor>> {
  const stream = `rtem:${object}`;
  const windowMs = settings.rtem.windowMinutes * MINUTE;
  let start = p.until !== undefined ? p.until - settings.rtem.overlapMinutes * MINUTE : initialStart;
  let counts = { pages: 0, records: 0 };
  for (let w = 0; w < settings.rtem.maxWindowsPerRun; w++) {
    const end = Math.min(Math.max(start + windowMs, p.until ?? 0), now);
    if (end <= start) return;
    if (!mayCall()) return;
    let page;
    try {
      page = await call(stats, ctx, () => deps.api.query(rtemQuery(object, start, end)));
    } catch (err) {
      if (err instanceof VendorConfigError && err.code === 'INVALID_TYPE') {
        stats.unavailableObjects.push(object);
        ctx.log(`salesforce: ${object} is not available in this org (INVALID_TYPE); skipped`);
        return;
      }
      throw err;
    }
    for (;;) {
      const fetchedAt = new Date(ctx.now()).toISOString();
      const envelopes: Envelope[] = [];
      const eventTimes: number[] = [];
      for (const raw of page.records) {
        const rec = RtemRecordSchema.safeParse(raw);
        const atMs = rec.success ? safeSfTime(rec.data.EventDate) : Number.NaN;
        const id = rtemId(rec.success ? rec.data : {}, raw);
        if (!rec.success || Number.isNaN(atMs)) {
          const why = rec.success ? 'EventDate: not a datetime' : issueText(rec.error.issues);
          envelopes.push(offContractEnvelope('salesforce', stream, fetchedAt, raw, `${object} record ${why}`, id));
        } else {
          envelopes.push({ v: 1, source: 'salesforce', stream, id, fetchedAt, record: raw });
        }
        eventTimes.push(atMs);
      }
      const last = page.done || !page.nextRecordsUrl;
      // The window's end becomes the watermark only with its last page.
      if (last) p.until = end;
      counts.pages++;
      counts.records += page.records.length;
      const final = last && (end >= now || w + 1 >= settings.rtem.maxWindowsPerRun);
      // Empty pages ride along with the next step: a checkpoint per empty window would only cost writes.
      if (envelopes.length > 0 || final) {
        yield { stream, envelopes, eventTimes, cursor: snapshot(), ...counts };
        counts = { pages: 0, records: 0 };
      }
      if (last) break;
      if (!mayCall()) return;
      const next = page.nextRecordsUrl as string;
      page = await call(stats, ctx, () => deps.api.more(next));
    }
    if (end >= now) return;
    start = end;
  }
}

/** EventIdentifier; ReportEvent chunks without one are ExecutionIdentifier + Sequence; else a content hash. */
function rtemId(rec: { EventIdentifier?: string | undefined; ExecutionIdentifier?: string | undefined; Sequence?: number | string | undefined }, raw: Record<string, unknown>): string {
  if (rec.EventIdentifier) return rec.EventIdentifier;
  if (typeof raw.EventIdentifier === 'string' && raw.EventIdentifier !== '') return raw.EventIdentifier;
  if (rec.ExecutionIdentifier) return `${rec.ExecutionIdentifier}:${String(rec.Sequence ?? 0)}`;
  return contentId(raw);
}

/** Epoch ms of a Salesforce datetime, NaN when it is none. */
function safeSfTime(v: string): number {
  try {
    return parseSfTime(v);
  } catch {
    return Number.NaN;
  }
}

const issueText = (issues: readonly { path: PropertyKey[]; message: string }[]): string =>
  issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
