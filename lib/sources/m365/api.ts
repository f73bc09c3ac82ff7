import { z } from 'zod';
import { VendorResponseError } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { apiTime, type ListWindow } from './window-plan.ts';
import { ContentListSchema, SubscriptionListSchema, type ContentRef } from './wire.ts';

/** What a content blob held: its records, or why it is not a list of records at all. */
export type BlobContent = { records: unknown[] } | { offContract: string };

/**
 * The Management Activity API calls the collector makes. `PublisherIdentifier` goes on every one, blob GETs included.
 * The bearer token goes to the configured API host only: a `contentUri` or `NextPageUri` naming another host is
 * fetched from the configured one (same path and query), never from the host the response named.
 */
export class M365Api {
  readonly #feed: string;
  readonly #origin: string;
  /** Vendor URLs whose host was replaced by the configured one. */
  foreignHosts = 0;

  constructor(private readonly http: HttpClient, apiBaseUrl: string, tenantId: string, private readonly publisherId: string, private readonly log: (line: string) => void = () => undefined) {
    this.#feed = `${apiBaseUrl}/api/v1.0/${encodeURIComponent(tenantId)}/activity/feed`;
    this.#origin = new URL(apiBaseUrl).origin;
  }

  /** The URL on the configured API host: a vendor-named scheme, host or port is replaced, path and query kept. */
  pinned(url: string): string {
    const u = new URL(url, this.#origin);
    if (u.origin === this.#origin && !u.username && !u.password) return u.href;
    this.foreignHosts++;
    // The host is not printed whole: it came from a response, and only its fact matters here.
    this.log(`m365: a vendor URL named another host than the configured API (${u.protocol}//${u.hostname.slice(0, 40)}); fetched from the configured host instead`);
    return new URL(`${u.pathname}${u.search}`, this.#origin).href;
  }

  /** Adds PublisherIdentifier unless the URL already has it (NextPageUri and contentUri are otherwise used verbatim). */
  withPublisher(url: string): string {
    const pinned = this.pinned(url);
    const u = new URL(pinned);
    if (u.searchParams.has('PublisherIdentifier')) return pinned;
    return `${pinned}${u.search ? '&' : '?'}PublisherIdentifier=${encodeURIComponent(this.publisherId)}`;
  }

  listSubscriptions(): Promise<z.infer<typeof SubscriptionListSchema>> {
    return this.http.getJson(this.withPublisher(`${this.#feed}/subscriptions/list`), SubscriptionListSchema);
  }

  async startSubscription(contentType: string): Promise<void> {
    const url = this.withPublisher(`${this.#feed}/subscriptions/start?contentType=${encodeURIComponent(contentType)}`);
    const res = await this.http.send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    await res.text();
  }

  /** One page of a content listing, and the verbatim `NextPageUri` when there are more. */
  async listPage(url: string): Promise<{ refs: ContentRef[]; next: string | undefined }> {
    const res = await this.http.send(this.withPublisher(url), { headers: { accept: 'application/json' } });
    const refs = await parseBody(res, ContentListSchema, 'content listing');
    // Headers are case-insensitive here, which covers the `Nextpageuri` spelling seen in the wild.
    return { refs, next: res.headers.get('NextPageUri') ?? undefined };
  }

  firstPageUrl(contentType: string, w: ListWindow): string {
    const q = new URLSearchParams({ contentType, startTime: apiTime(w.start), endTime: apiTime(w.end) });
    return `${this.#feed}/subscriptions/content?${q.toString()}`;
  }

  /**
   * A content blob: `contentUri` as listed (its `$`-laden id must not be rebuilt). A body that is not JSON fails the
   * call (a cut transfer is worth another try next run); JSON that is not a list is reported, not thrown.
   */
  async getBlob(contentUri: string): Promise<BlobContent> {
    const res = await this.http.send(this.withPublisher(contentUri), { headers: { accept: 'application/json' } });
    let json: unknown;
    try {
      json = JSON.parse(await res.text());
    } catch (cause) {
      throw new VendorResponseError('m365: content blob is not JSON', { vendor: 'm365', status: res.status }, { cause });
    }
    return Array.isArray(json) ? { records: json } : { offContract: `m365 content blob is a JSON ${json === null ? 'null' : typeof json}, not a list of records` };
  }
}

async function parseBody<S extends z.ZodType>(res: Response, schema: S, what: string): Promise<z.infer<S>> {
  const details = { vendor: 'm365', status: res.status };
  let json: unknown;
  try {
    json = JSON.parse(await res.text());
  } catch (cause) {
    throw new VendorResponseError(`m365: ${what} is not JSON`, details, { cause });
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const where = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new VendorResponseError(`m365: unexpected ${what} (${where})`, details);
  }
  return r.data;
}
