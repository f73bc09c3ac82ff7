import type { Envelope } from '../../core/envelope.ts';
import { VendorAuthError, VendorConfigError, VendorHttpError } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { PullContext, PullLoop, PullStep } from '../run/collector.ts';
import { slackClassify } from './classify.ts';
import { pickIds, SlackCursorSchema, type SlackCursor } from './cursor.ts';
import { SlackLogsResponseSchema, type SlackLogsResponse } from './schemas.ts';

export interface SlackPullOptions {
  client: HttpClient;
  /** e.g. https://api.slack.com (requests go to `${baseUrl}/audit/v1/logs`). */
  baseUrl: string;
  /** Page size, 1..9999. */
  limit: number;
  /** Re-read window behind the watermark, seconds: entries that show up late but no older than this are still caught. */
  overlapSeconds: number;
  /** First-run lookback start, epoch ms. */
  sinceMs: number;
}

/**
 * One pass per run over `/audit/v1/logs` (api-contracts.md §3, §4): `oldest = watermark − overlap`, held constant
 * while following `next_cursor` through the newest-first pages; each page is one step. The watermark moves only
 * after the last page; ids already delivered (previous passes' boundary, or earlier in this pass) are dropped and
 * counted. A pass cut short by the run budget resumes from the stored page cursor.
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
    return `watermark=${wm} boundary_ids=${Object.keys(c.seen).length}${pass}`;
  }

  async *pull(cursor: SlackCursor | null, ctx: PullContext): AsyncGenerator<PullStep<SlackCursor>> {
    const { overlapSeconds } = this.#o;
    const prev: SlackCursor = cursor ?? { watermark: null, seen: {} };
    const seen = prev.seen;
    const oldest = prev.pass?.oldest ?? (prev.watermark === null ? Math.floor(this.#o.sinceMs / 1000) : prev.watermark - overlapSeconds);
    let page: string | undefined = prev.pass?.page;
    let maxDate: number | null = prev.pass?.maxDate ?? null;
    const passIds = new Map<string, number>(Object.entries(prev.pass?.ids ?? {}));

    for (;;) {
      if (ctx.shouldStop()) return;
      let res: SlackLogsResponse;
      try {
        res = await this.#fetch(oldest, page);
      } catch (err) {
        if (err instanceof VendorConfigError && err.code === 'invalid_cursor' && page !== undefined) {
          // A stored page cursor went stale between runs: restart the pass; passIds still drops what we can recognise.
          ctx.log(`slack: page cursor rejected (invalid_cursor); restarting the pass from oldest=${oldest}`);
          page = undefined;
          continue;
        }
        throw err;
      }
      const fetchedAt = new Date(ctx.now()).toISOString();
      const entries = res.entries ?? [];
      const envelopes: Envelope[] = [];
      let duplicates = 0;
      let pageMin: number | null = null;
      for (const entry of entries) {
        pageMin = pageMin === null ? entry.date_create : Math.min(pageMin, entry.date_create);
        if (Object.hasOwn(seen, entry.id) || passIds.has(entry.id)) {
          duplicates++;
          continue;
        }
        passIds.set(entry.id, entry.date_create);
        if (maxDate === null || entry.date_create > maxDate) maxDate = entry.date_create;
        envelopes.push({ v: 1, source: 'slack', stream: 'audit', id: entry.id, fetchedAt, record: entry });
      }
      if (duplicates > 0) ctx.log(`slack: dropped ${duplicates} entries whose id was already delivered`);
      const counts = { pages: 1, records: entries.length, duplicatesDropped: duplicates };
      const next = res.response_metadata?.next_cursor;

      if (next) {
        page = next;
        // Persist only the ids a resumed pass can meet again: the boundary of the page we stop at, and those that
        // will form the next `seen` set.
        const keepFrom = maxDate === null ? Number.NEGATIVE_INFINITY : maxDate - overlapSeconds;
        const keepUpTo = pageMin === null ? Number.NEGATIVE_INFINITY : pageMin + overlapSeconds;
        const pass = { oldest, page, maxDate, ids: pickIds(passIds, (d) => d >= keepFrom || d <= keepUpTo) };
        yield { stream: 'audit', envelopes, cursor: { watermark: prev.watermark, seen, pass }, ...counts };
        continue;
      }
      const watermark = Math.max(maxDate ?? Number.NEGATIVE_INFINITY, prev.watermark ?? oldest);
      const boundary = watermark - overlapSeconds;
      const nextSeen = { ...pickIds(seen, (d) => d >= boundary), ...pickIds(passIds, (d) => d >= boundary) };
      yield { stream: 'audit', envelopes, cursor: { watermark, seen: nextSeen }, ...counts };
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
