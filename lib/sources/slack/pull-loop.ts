import type { Envelope } from '../../core/envelope.ts';
import { VendorAuthError, VendorConfigError, VendorHttpError } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { PullContext, PullLoop, PullStep } from '../run/collector.ts';
import { offContractEnvelope } from '../run/off-contract.ts';
import { slackClassify } from './classify.ts';
import { RECORD_NS } from '../dedupe/digest.ts';
import { SlackCursorSchema, type SlackCursor } from './cursor.ts';
import { SlackEntrySchema, SlackLogsResponseSchema, type SlackLogsResponse } from './schemas.ts';

export interface SlackPullOptions {
  client: HttpClient;
  /** e.g. https://api.slack.com (requests go to `${baseUrl}/audit/v1/logs`). */
  baseUrl: string;
  /** Page size, 1..9999. */
  limit: number;
  /** Re-read window behind the watermark, seconds: entries that show up at most this late are still caught. */
  overlapSeconds: number;
  /** First-run lookback start, epoch ms. */
  sinceMs: number;
}

/**
 * One pass per run over `/audit/v1/logs` (api-contracts.md §3, §4): `oldest = watermark − overlap`, held constant
 * while following `next_cursor` through the newest-first pages; each page is one step. Entries can show up about an
 * hour after newer ones were served, and the same second can straddle pages: the overlap (default 60 min) re-reads
 * them, and the runner drops every id the source already wrote (dedupe buckets by `date_create` hour), whatever the
 * volume. The watermark moves only after the last page. A pass cut short by the run budget resumes from the stored
 * page cursor.
 */
export class SlackPullLoop implements PullLoop<SlackCursor> {
  readonly source = 'slack' as const;
  readonly cursorSchema = SlackCursorSchema;
  readonly #o: SlackPullOptions;

  constructor(opts: SlackPullOptions) {
    this.#o = opts;
  }

  retries(): number {
    return this.#o.client.stats.retries;
  }

  describeCursor(c: SlackCursor | null): string {
    if (!c) return 'none';
    const wm = c.watermark === null ? 'none' : new Date(c.watermark * 1000).toISOString();
    const pass = c.pass ? ` (pass in progress from oldest=${c.pass.oldest})` : '';
    return `watermark=${wm}${pass}`;
  }

  readThrough(c: SlackCursor | null): number | undefined {
    return c?.readThrough;
  }

  async *pull(cursor: SlackCursor | null, ctx: PullContext): AsyncGenerator<PullStep<SlackCursor>> {
    const { overlapSeconds } = this.#o;
    const prev: SlackCursor = upgraded(cursor) ?? { watermark: null };
    const legacy = cursor ? [...Object.entries(cursor.seen ?? {}), ...Object.entries(cursor.pass?.ids ?? {})] : [];
    if (legacy.length > 0) {
      // An older cursor's boundary ids: record them as written before re-reading the overlap.
      yield { stream: 'audit', envelopes: [], marks: legacy.map(([key, d]) => ({ ns: RECORD_NS, key, atMs: d * 1000 })), cursor: prev };
    }
    const oldest = prev.pass?.oldest ?? (prev.watermark === null ? Math.floor(this.#o.sinceMs / 1000) : prev.watermark - overlapSeconds);
    const startedAt = prev.pass?.startedAt ?? ctx.now();
    let page: string | undefined = prev.pass?.page;
    let maxDate: number | null = prev.pass?.maxDate ?? null;
    const keep = (c: SlackCursor): SlackCursor => (prev.readThrough === undefined ? c : { ...c, readThrough: prev.readThrough });

    for (;;) {
      if (ctx.shouldStop()) return;
      let res: SlackLogsResponse;
      try {
        res = await this.#fetch(oldest, page);
      } catch (err) {
        if (err instanceof VendorConfigError && err.code === 'invalid_cursor' && page !== undefined) {
          // A stored page cursor went stale between runs: restart the pass; the dedupe drops what was written.
          ctx.log(`slack: page cursor rejected (invalid_cursor); restarting the pass from oldest=${oldest}`);
          page = undefined;
          continue;
        }
        throw err;
      }
      const fetchedAt = new Date(ctx.now()).toISOString();
      const entries = res.entries ?? [];
      const envelopes: Envelope[] = [];
      const eventTimes: number[] = [];
      for (const raw of entries) {
        const e = SlackEntrySchema.safeParse(raw);
        if (!e.success) {
          const r = raw as { id?: unknown; date_create?: unknown } | null;
          const id = typeof r?.id === 'string' ? r.id : undefined;
          const when = typeof r?.date_create === 'number' ? r.date_create * 1000 : Number.NaN;
          const why = e.error.issues[0];
          envelopes.push(offContractEnvelope('slack', 'audit', fetchedAt, raw, `slack entry ${why?.path.join('.') || '(root)'}: ${why?.message ?? 'invalid'}`, id));
          eventTimes.push(when);
          continue;
        }
        const entry = e.data;
        if (maxDate === null || entry.date_create > maxDate) maxDate = entry.date_create;
        envelopes.push({ v: 1, source: 'slack', stream: 'audit', id: entry.id, fetchedAt, record: entry });
        eventTimes.push(entry.date_create * 1000);
      }
      const counts = { pages: 1, records: entries.length };
      const next = res.response_metadata?.next_cursor;

      if (next) {
        page = next;
        yield { stream: 'audit', envelopes, eventTimes, cursor: keep({ watermark: prev.watermark, pass: { oldest, page, maxDate, startedAt } }), ...counts };
        continue;
      }
      // Never past the pass's start: a record dated in the future must not move `oldest` beyond entries still to come.
      const newest = maxDate === null ? Number.NEGATIVE_INFINITY : Math.min(maxDate, Math.floor(startedAt / 1000));
      const watermark = Math.max(newest, prev.watermark ?? oldest);
      yield { stream: 'audit', envelopes, eventTimes, cursor: { watermark, readThrough: startedAt }, ...counts };
      return;
    }
  }

  async #fetch(oldest: number, page: string | undefined): Promise<SlackLogsResponse> {
    const url = new URL(`${this.#o.baseUrl.replace(/\/+$/, '')}/audit/v1/logs`);
    url.searchParams.set('oldest', String(oldest));
    url.searchParams.set('limit', String(this.#o.limit));
    if (page !== undefined) url.searchParams.set('cursor', page);
    const res = await this.#o.client.getJson(url, SlackLogsResponseSchema);
    if (res.ok === false) throw this.#bodyError(url, res);
    return res;
  }

  /** Slack may report failures as HTTP 200 with `{ok:false,error}`; give them the same typed errors as HTTP failures. */
  #bodyError(url: URL, res: SlackLogsResponse): Error {
    const code = res.error ?? 'unknown_error';
    const request = `GET ${this.#o.client.redactor.redactUrl(url)}`;
    const details = { vendor: 'slack', status: 200, code, request };
    const msg = `slack: ${request} → ${code}${res.needed ? ` (needed ${res.needed})` : ''}`;
    const verdict = slackClassify(200, { code });
    if (verdict === 'auth') return new VendorAuthError(`${msg} (credentials rejected)`, details);
    if (verdict === 'config') return new VendorConfigError(`${msg} (check the configuration)`, details);
    return new VendorHttpError(msg, details);
  }
}

/** The cursor without the id sets of older versions. */
function upgraded(c: SlackCursor | null): SlackCursor | null {
  if (!c) return null;
  const { seen: _seen, pass, ...rest } = c;
  if (!pass) return rest;
  const { ids: _ids, ...p } = pass;
  return { ...rest, pass: p };
}
