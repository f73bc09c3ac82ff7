import { createHash } from 'node:crypto';
import type { Envelope } from '../../core/envelope.ts';
import { VendorError } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { PullContext, PullLoop, PullStep } from '../run/collector.ts';
import type { M365Api } from './api.ts';
import { M365CursorSchema, StreamProgress, type M365Cursor } from './cursor.ts';
import type { M365Settings } from './settings.ts';
import { firstWindow, nextWindow, type ListWindow, type WindowPlanInput } from './window-plan.ts';
import type { ContentRef } from './wire.ts';

/** Counters the run summary has no field for (blobs skipped because Microsoft had already expired them). */
export interface M365PullStats {
  blobsFetched: number;
  blobsExpired: number;
  subscriptionsStarted: string[];
}

export interface M365PullDeps {
  api: M365Api;
  /** HTTP clients whose retries count for the summary (API and token endpoint). */
  clients: HttpClient[];
  /** First-run start; default now − initialLookbackHours. */
  since?: Date;
  /** Envelopes per batch; a window's remainder is flushed at its end. */
  maxRecordsPerBatch?: number;
}

const SKIPPED_BLOB_CODES = new Set(['AF20050', 'AF20051', 'AF20052']);
const NO_SUBSCRIPTION_CODES = new Set(['AF20022', 'AF20023']);

/**
 * The M365 pull loop (api-contracts.md §4 M365): ensure subscriptions, then per content type list `contentCreated`
 * windows (≤ 24 h, with overlap, clamped to the 7-day limit), fetch each blob not yet written, drop records whose
 * `Id` was already written, and yield steps whose cursor says exactly which blobs and records they made durable.
 */
export function m365PullLoop(settings: M365Settings, deps: M365PullDeps): PullLoop<M365Cursor> & { stats: M365PullStats } {
  const stats: M365PullStats = { blobsFetched: 0, blobsExpired: 0, subscriptionsStarted: [] };
  return {
    source: 'm365',
    cursorSchema: M365CursorSchema,
    stats,
    retries: () => deps.clients.reduce((n, c) => n + c.stats.retries, 0),
    describeCursor: (c) => {
      if (!c) return 'none';
      const parts = Object.entries(c.streams).map(([ct, s]) => `${ct}<${s.listedUntil ?? 'start'}`);
      return parts.length ? parts.join(' ') : 'none';
    },
    pull: (cursor, ctx) => pull(settings, deps, stats, cursor, ctx),
  };
}

async function* pull(
  settings: M365Settings,
  deps: M365PullDeps,
  stats: M365PullStats,
  cursor: M365Cursor | null,
  ctx: PullContext,
): AsyncGenerator<PullStep<M365Cursor>> {
  const overlapMs = settings.overlapMinutes * 60_000;
  // Whole seconds: the API's times have no fractions, so windows then meet exactly.
  const now = new Date(Math.floor(ctx.now() / 1000) * 1000);
  const progress = new Map<string, StreamProgress>();
  for (const ct of settings.contentTypes) progress.set(ct, new StreamProgress(cursor?.streams[ct], overlapMs, settings.maxRememberedIds));
  const snapshot = (): M365Cursor => {
    const streams: M365Cursor['streams'] = { ...cursor?.streams };
    for (const [ct, p] of progress) streams[ct] = p.snapshot();
    return { v: 1, streams };
  };

  if (ctx.shouldStop()) return;
  await ensureSubscriptions(deps.api, settings.contentTypes, stats, ctx);

  const maxBatch = deps.maxRecordsPerBatch ?? 5000;
  for (const ct of settings.contentTypes) {
    const p = progress.get(ct) as StreamProgress;
    const plan: WindowPlanInput = {
      listedUntil: p.listedUntil,
      initialStart: deps.since ?? new Date(now.getTime() - settings.initialLookbackHours * 3_600_000),
      now,
      overlapMs,
      retentionMarginMs: settings.retentionMarginMinutes * 60_000,
    };
    let buffer: Envelope[] = [];
    let counts = { pages: 0, records: 0, duplicatesDropped: 0 };
    const step = (): PullStep<M365Cursor> => {
      const s: PullStep<M365Cursor> = { stream: ct, envelopes: buffer, cursor: snapshot(), ...counts };
      buffer = [];
      counts = { pages: 0, records: 0, duplicatesDropped: 0 };
      return s;
    };

    for (let w = firstWindow(plan); w; w = nextWindow(w, plan)) {
      if (ctx.shouldStop()) return;
      const listed = await listWindow(deps.api, ct, w, stats, ctx);
      if (listed === 'stopped') return;
      counts.pages += listed.pages;
      for (const ref of listed.refs) {
        if (p.blobDone(ref.contentId)) continue;
        const createdMs = Date.parse(ref.contentCreated);
        const expiresMs = ref.contentExpiration ? Date.parse(ref.contentExpiration) : Number.POSITIVE_INFINITY;
        if (expiresMs <= now.getTime()) {
          stats.blobsExpired++;
          ctx.log(`m365: ${ct} blob created ${ref.contentCreated} expired before it could be read; skipped`);
          p.markBlob(ref.contentId, createdMs);
          continue;
        }
        if (ctx.shouldStop()) return;
        const records = await fetchBlob(deps.api, ref, ctx);
        counts.pages++;
        if (records === 'expired') {
          stats.blobsExpired++;
          p.markBlob(ref.contentId, createdMs);
          continue;
        }
        stats.blobsFetched++;
        const fetchedAt = new Date(ctx.now()).toISOString();
        for (const record of records) {
          counts.records++;
          const id = recordId(record);
          if (!p.records.add(id, createdMs)) {
            counts.duplicatesDropped++;
            continue;
          }
          buffer.push({ v: 1, source: 'm365', stream: ct, id, fetchedAt, record });
        }
        p.markBlob(ref.contentId, createdMs);
        if (buffer.length >= maxBatch) yield step();
      }
      p.listedUntil = w.end;
      // Empty windows ride along with the next step: a checkpoint per empty window would only cost writes.
      if (buffer.length > 0 || nextWindow(w, plan) === null) yield step();
    }
  }
}

async function ensureSubscriptions(api: M365Api, contentTypes: readonly string[], stats: M365PullStats, ctx: PullContext): Promise<void> {
  const current = await api.listSubscriptions();
  const enabled = new Set(current.filter((s) => s.status.toLowerCase() === 'enabled').map((s) => s.contentType));
  for (const ct of contentTypes) {
    if (enabled.has(ct)) continue;
    // Microsoft asks for spacing between starts; only missing/disabled types are started, so this is rare.
    await api.startSubscription(ct);
    stats.subscriptionsStarted.push(ct);
    ctx.log(`m365: started subscription ${ct} (first content can take up to 12 h to appear)`);
  }
}

/** Every content ref of one window (all pages), ordered by (contentCreated, contentId), without repeats. */
async function listWindow(
  api: M365Api,
  ct: string,
  w: ListWindow,
  stats: M365PullStats,
  ctx: PullContext,
): Promise<{ refs: ContentRef[]; pages: number } | 'stopped'> {
  let startedSubscription = false;
  let relisted = false;
  for (;;) {
    const refs = new Map<string, ContentRef>();
    let pages = 0;
    try {
      for (let url: string | undefined = api.firstPageUrl(ct, w); url; ) {
        if (ctx.shouldStop()) return 'stopped';
        const page = await api.listPage(url);
        pages++;
        for (const r of page.refs) if (!refs.has(r.contentId)) refs.set(r.contentId, r);
        url = page.next;
      }
    } catch (err) {
      const code = err instanceof VendorError ? err.code : undefined;
      if (code && NO_SUBSCRIPTION_CODES.has(code) && !startedSubscription) {
        startedSubscription = true;
        await api.startSubscription(ct);
        stats.subscriptionsStarted.push(ct);
        ctx.log(`m365: ${ct} had no enabled subscription (${code}); started it and listing again`);
        continue;
      }
      if (code === 'AF20031' && !relisted) {
        relisted = true;
        ctx.log(`m365: ${ct} listing page token rejected (AF20031); listing the window again`);
        continue;
      }
      throw err;
    }
    const sorted = [...refs.values()].sort((a, b) =>
      Date.parse(a.contentCreated) - Date.parse(b.contentCreated) || (a.contentId < b.contentId ? -1 : a.contentId > b.contentId ? 1 : 0));
    return { refs: sorted, pages };
  }
}

async function fetchBlob(api: M365Api, ref: ContentRef, ctx: PullContext): Promise<Record<string, unknown>[] | 'expired'> {
  try {
    return await api.getBlob(ref.contentUri);
  } catch (err) {
    if (err instanceof VendorError && err.code && SKIPPED_BLOB_CODES.has(err.code)) {
      ctx.log(`m365: ${ref.contentType} blob created ${ref.contentCreated} is gone (${err.code}); skipped`);
      return 'expired';
    }
    throw err;
  }
}

/** The record's `Id`; a record without one (off-contract) gets a content hash, stable across re-reads. */
function recordId(record: Record<string, unknown>): string {
  const id = record.Id;
  if (typeof id === 'string' && id !== '') return id;
  return `sha256:${createHash('sha256').update(JSON.stringify(record)).digest('hex')}`;
}
