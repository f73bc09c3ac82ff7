import type { Envelope } from '../../core/envelope.ts';
import { parseIsoUtc } from '../../core/normalize/timestamps.ts';
import { VendorConfigError, VendorResponseError } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { PullContext, PullLoop, PullStep } from '../run/collector.ts';
import { offContractEnvelope } from '../run/off-contract.ts';
import { OktaCursorSchema, type OktaCursor } from './cursor.ts';
import { nextAfter } from './link-header.ts';
import type { OktaRateGate } from './rate-gate.ts';
import { OktaLogEventWireSchema, OktaLogsPageSchema } from './wire.ts';

export const OKTA_STREAM = 'logs';

export interface OktaPullOptions {
  client: HttpClient;
  gate: OktaRateGate;
  /** The org URL, e.g. https://example.okta.com (requests go to `${orgUrl}/api/v1/logs`). */
  orgUrl: string;
  /** Page size, 1..1000. */
  limit: number;
  /** Re-read window behind the watermark, ms: events that show up at most this late are still caught. */
  overlapMs: number;
  /** First-run lookback start, epoch ms. */
  sinceMs: number;
}

/**
 * One bounded pass per run over `GET /api/v1/logs` (oldest first): `since = watermark − overlap`, `until` = the pass's
 * start, both fixed while following `Link: rel="next"` (`after`); each page is one step. Events can be published into
 * an already-read window: the overlap re-reads it and the runner drops every uuid the source already wrote (dedupe
 * buckets by `published` hour). The watermark moves to `until` only after the last page, so a run cut short by its
 * budget resumes from the stored `after` token, and a crash before a checkpoint re-reads, never skips.
 */
export class OktaPullLoop implements PullLoop<OktaCursor> {
  readonly source = 'okta' as const;
  readonly cursorSchema = OktaCursorSchema;
  readonly #o: OktaPullOptions;

  constructor(opts: OktaPullOptions) {
    this.#o = opts;
  }

  retries(): number {
    return this.#o.client.stats.retries;
  }

  describeCursor(c: OktaCursor | null): string {
    if (!c) return 'none';
    const wm = c.watermark === null ? 'none' : new Date(c.watermark).toISOString();
    return `watermark=${wm}${c.pass ? ` (pass in progress since ${new Date(c.pass.since).toISOString()})` : ''}`;
  }

  readThrough(c: OktaCursor | null): number | undefined {
    return c?.readThrough;
  }

  async *pull(cursor: OktaCursor | null, ctx: PullContext): AsyncGenerator<PullStep<OktaCursor>> {
    const prev: OktaCursor = cursor ?? { watermark: null };
    const since = prev.pass?.since ?? (prev.watermark === null ? this.#o.sinceMs : prev.watermark - this.#o.overlapMs);
    const until = prev.pass?.until ?? ctx.now();
    let after = prev.pass?.after;
    const keep = (c: OktaCursor): OktaCursor => (prev.readThrough === undefined ? c : { ...c, readThrough: prev.readThrough });

    for (;;) {
      if (ctx.shouldStop()) return;
      let page: { events: unknown[]; next: string | undefined };
      try {
        page = await this.#fetch(since, until, after);
      } catch (err) {
        if (err instanceof VendorConfigError && err.status === 400 && after !== undefined) {
          // A stored page token went stale between runs: restart the pass; the dedupe drops what was written.
          ctx.log(`okta: page token rejected (HTTP 400); restarting the pass from since=${new Date(since).toISOString()}`);
          after = undefined;
          continue;
        }
        throw err;
      }
      const fetchedAt = new Date(ctx.now()).toISOString();
      const envelopes: Envelope[] = [];
      const eventTimes: number[] = [];
      for (const raw of page.events) {
        const e = OktaLogEventWireSchema.safeParse(raw);
        if (!e.success) {
          const r = raw as { uuid?: unknown; published?: unknown } | null;
          const why = e.error.issues[0];
          envelopes.push(offContractEnvelope('okta', OKTA_STREAM, fetchedAt, raw, `okta event ${why?.path.join('.') || '(root)'}: ${why?.message ?? 'invalid'}`,
            typeof r?.uuid === 'string' ? r.uuid : undefined));
          eventTimes.push(parseIsoUtc(r?.published) ?? Number.NaN);
          continue;
        }
        envelopes.push({ v: 1, source: 'okta', stream: OKTA_STREAM, id: e.data.uuid, fetchedAt, record: e.data });
        eventTimes.push(parseIsoUtc(e.data.published)!);
      }
      const counts = { pages: 1, records: page.events.length };
      // A bounded request links a next page while results remain; an empty page ends the pass too.
      if (page.next && page.events.length > 0) {
        after = page.next;
        yield { stream: OKTA_STREAM, envelopes, eventTimes, cursor: keep({ watermark: prev.watermark, pass: { since, until, after } }), ...counts };
        continue;
      }
      const watermark = Math.max(until, prev.watermark ?? Number.NEGATIVE_INFINITY);
      yield { stream: OKTA_STREAM, envelopes, eventTimes, cursor: { watermark, readThrough: until }, ...counts };
      return;
    }
  }

  async #fetch(since: number, until: number, after: string | undefined): Promise<{ events: unknown[]; next: string | undefined }> {
    const { client, gate } = this.#o;
    const url = new URL(`${this.#o.orgUrl}/api/v1/logs`);
    url.searchParams.set('since', new Date(since).toISOString());
    url.searchParams.set('until', new Date(until).toISOString());
    url.searchParams.set('limit', String(this.#o.limit));
    url.searchParams.set('sortOrder', 'ASCENDING');
    if (after !== undefined) url.searchParams.set('after', after);
    const res = await client.send(url, { headers: { accept: 'application/json' } });
    gate.observe(res.headers);
    const request = `GET ${client.redactor.redactUrl(url)}`;
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new VendorResponseError(`okta: ${request} returned a body that is not JSON`, { vendor: 'okta', status: res.status, request }, { cause });
    }
    const events = OktaLogsPageSchema.safeParse(json);
    if (!events.success) throw new VendorResponseError(`okta: ${request} returned no JSON array of events`, { vendor: 'okta', status: res.status, request });
    return { events: events.data, next: nextAfter(res.headers.get('link')) };
  }
}
