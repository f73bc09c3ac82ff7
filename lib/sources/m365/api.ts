import { z } from 'zod';
import { VendorResponseError } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { apiTime, type ListWindow } from './window-plan.ts';
import { BlobSchema, ContentListSchema, SubscriptionListSchema, type ContentRef } from './wire.ts';

/** The Management Activity API calls the collector makes. `PublisherIdentifier` goes on every one, blob GETs included. */
export class M365Api {
  readonly #feed: string;

  constructor(private readonly http: HttpClient, apiBaseUrl: string, tenantId: string, private readonly publisherId: string) {
    this.#feed = `${apiBaseUrl}/api/v1.0/${encodeURIComponent(tenantId)}/activity/feed`;
  }

  /** Adds PublisherIdentifier unless the URL already has it (NextPageUri and contentUri are otherwise used verbatim). */
  withPublisher(url: string): string {
    const u = new URL(url);
    if (u.searchParams.has('PublisherIdentifier')) return url;
    return `${url}${u.search ? '&' : '?'}PublisherIdentifier=${encodeURIComponent(this.publisherId)}`;
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

  /** A content blob: `contentUri` exactly as listed (its `$`-laden id must not be rebuilt). */
  async getBlob(contentUri: string): Promise<Record<string, unknown>[]> {
    const res = await this.http.send(this.withPublisher(contentUri), { headers: { accept: 'application/json' } });
    return parseBody(res, BlobSchema, 'content blob');
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
