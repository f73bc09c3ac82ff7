import type { Envelope } from '../../core/envelope.ts';
import { VendorError } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Mark, PullContext, PullLoop, PullStep } from '../run/collector.ts';
import { offContractEnvelope } from '../run/off-contract.ts';
import { RECORD_NS } from '../dedupe/digest.ts';
import { legacyDigests, type LegacyIdGroups } from '../dedupe/legacy-ids.ts';
import type { BlobContent, M365Api } from './api.ts';
import { blobNs, M365CursorSchema, type M365Cursor } from './cursor.ts';
import type { M365Settings } from './settings.ts';
import { firstWindow, nextWindow, retentionGap, RETENTION_MS, type ListWindow, type WindowPlanInput } from './window-plan.ts';
import type { ContentRef } from './wire.ts';

/** Counters the run summary has no field for. */
export interface M365PullStats {
  blobsFetched: number;
  /** Blobs Microsoft expired before they could be read (also in the summary's retention skips). */
  blobsExpired: number;
  subscriptionsStarted: string[];
}

export interface M365PullDeps {
  api: M365Api;
  /** HTTP clients whose retries count for the summary (API and token endpoint). */
  clients: HttpClient[];
  /** First-run start; default now − initialLookbackHours (within the API's 7 days). */
  since?: Date;
  /** Envelopes per batch; a window's remainder is flushed at its end. */
  maxRecordsPerBatch?: number;
}

const SKIPPED_BLOB_CODES = new Set(['AF20050', 'AF20051', 'AF20052']);
const NO_SUBSCRIPTION_CODES = new Set(['AF20022', 'AF20023']);

/**
 * The M365 pull loop (api-contracts.md §4 M365): ensure subscriptions, then per content type list `contentCreated`
 * windows (≤ 24 h) from `listedUntil − overlap` (default 24 h: content is listed late, records repeat across blobs),
 * clamped to the 7-day limit (a gap past it is logged and counted), fetch each blob not yet finished (dedupe marks),
 * and yield its records with their `CreationTime`: the runner drops every record `Id` already written, across runs
 * and blobs.
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
    readThrough: (c) => {
      const times = settings.contentTypes.map((ct) => c?.streams[ct]?.listedUntil);
      if (times.some((t) => t === undefined)) return undefined;
      return Math.min(...times.map((t) => Date.parse(t as string)));
    },
    pull: (cursor, ctx) => pull(settings, deps, stats, cursor, ctx),
  };
}

/** `CreationTime` is UTC without a zone (`2020-02-07T16:44:08`); NaN when unusable. */
export function m365Time(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return Number.NaN;
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v : `${v}Z`);
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
  const streams: M365Cursor['streams'] = {};
  for (const [ct, c] of Object.entries(cursor?.streams ?? {})) streams[ct] = c.listedUntil ? { listedUntil: c.listedUntil } : {};
  const snapshot = (): M365Cursor => ({ v: 1, streams: { ...streams } });

  // An older cursor's blobs and record Ids: recorded as written before anything is listed again.
  const legacy = Object.entries(cursor?.streams ?? {}).flatMap(([ct, c]) => legacyMarks(ct, c));
  if (legacy.length > 0) yield { stream: settings.contentTypes[0] ?? 'Audit.General', envelopes: [], marks: legacy, cursor: snapshot() };

  if (ctx.shouldStop()) return;
  await ensureSubscriptions(deps.api, settings.contentTypes, stats, ctx);

  const maxBatch = deps.maxRecordsPerBatch ?? 5000;
  const retentionMarginMs = settings.retentionMarginMinutes * 60_000;
  const oldestAllowed = now.getTime() - RETENTION_MS + retentionMarginMs;
  for (const ct of settings.contentTypes) {
    const listed = streams[ct]?.listedUntil;
    const plan: WindowPlanInput = {
      listedUntil: listed ? new Date(listed) : undefined,
      // The default first-run start sits inside the API's limit; only an explicit --since can reach past it.
      initialStart: deps.since ?? new Date(Math.max(now.getTime() - settings.initialLookbackHours * 3_600_000, oldestAllowed)),
      now,
      overlapMs,
      retentionMarginMs,
    };
    let skips = 0;
    const gap = retentionGap(plan);
    if (gap) {
      skips++;
      ctx.log(`m365: ${ct} content created ${new Date(gap.fromMs).toISOString()} – ${new Date(gap.toMs).toISOString()} is past the API's 7-day limit and cannot be listed; skipped`);
    }
    let buffer: Envelope[] = [];
    let times: number[] = [];
    let marks: Mark[] = [];
    let counts = { pages: 0, records: 0 };
    const step = (): PullStep<M365Cursor> => {
      const s: PullStep<M365Cursor> = { stream: ct, envelopes: buffer, eventTimes: times, marks, cursor: snapshot(), ...counts, retentionSkips: skips };
      buffer = [];
      times = [];
      marks = [];
      counts = { pages: 0, records: 0 };
      skips = 0;
      return s;
    };

    for (let w = firstWindow(plan); w; w = nextWindow(w, plan)) {
      if (ctx.shouldStop()) return;
      const page = await listWindow(deps.api, ct, w, stats, ctx);
      if (page === 'stopped') return;
      counts.pages += page.pages;
      const blobMarks = page.refs.map((r) => ({ ns: blobNs(ct), key: r.contentId, atMs: Date.parse(r.contentCreated) }));
      const done = await ctx.seen(blobMarks);
      for (const [i, ref] of page.refs.entries()) {
        if (done[i]) continue;
        const mark = blobMarks[i]!;
        const expiresMs = ref.contentExpiration ? Date.parse(ref.contentExpiration) : Number.POSITIVE_INFINITY;
        if (expiresMs <= now.getTime()) {
          stats.blobsExpired++;
          skips++;
          ctx.log(`m365: ${ct} blob created ${ref.contentCreated} expired before it could be read; skipped`);
          marks.push(mark);
          continue;
        }
        if (ctx.shouldStop()) return;
        const content = await fetchBlob(deps.api, ref, ctx);
        counts.pages++;
        if (content === 'expired') {
          stats.blobsExpired++;
          skips++;
          marks.push(mark);
          continue;
        }
        stats.blobsFetched++;
        const fetchedAt = new Date(ctx.now()).toISOString();
        if ('offContract' in content) {
          counts.records++;
          buffer.push(offContractEnvelope('m365', ct, fetchedAt, { contentId: ref.contentId, contentCreated: ref.contentCreated }, content.offContract, `blob:${ref.contentId}`));
          times.push(mark.atMs);
        }
        for (const record of 'records' in content ? content.records : []) {
          counts.records++;
          const r = readRecord(record);
          buffer.push('reason' in r ? offContractEnvelope('m365', ct, fetchedAt, record, r.reason, r.id) : { v: 1, source: 'm365', stream: ct, id: r.id, fetchedAt, record: r.record });
          times.push(r.atMs);
          // The blob is not finished: a resumed run fetches it again and the dedupe drops what this step wrote.
          if (buffer.length >= maxBatch) yield step();
        }
        marks.push(mark);
      }
      streams[ct] = { listedUntil: w.end.toISOString() };
      // Empty windows ride along with the next step: a checkpoint per empty window would only cost writes.
      if (buffer.length > 0 || marks.length > 0 || nextWindow(w, plan) === null) yield step();
    }
  }
}

/**
 * Marks for what an older cursor of one content type kept. Record digests were grouped by their blob's
 * contentCreated; a record's CreationTime is usually within the two hours before it, so each lands in those buckets.
 */
function legacyMarks(ct: string, c: { blobs?: Record<string, number> | undefined; records?: LegacyIdGroups | undefined }): Mark[] {
  const out: Mark[] = Object.entries(c.blobs ?? {}).map(([key, atMs]) => ({ ns: blobNs(ct), key, atMs }));
  for (const { atMs, digest } of legacyDigests(c.records ?? [])) {
    for (const back of [0, 1, 2]) out.push({ ns: RECORD_NS, digest, atMs: atMs - back * 3_600_000 });
  }
  return out;
}

/** An audit record as the collector needs it (`Id`, `CreationTime`), or why it is off-contract. */
function readRecord(raw: unknown): { id: string; atMs: number; record: Record<string, unknown> } | { reason: string; id: string | undefined; atMs: number } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { reason: 'm365 record is not an object', id: undefined, atMs: Number.NaN };
  const record = raw as Record<string, unknown>;
  const atMs = m365Time(record.CreationTime);
  const id = typeof record.Id === 'string' && record.Id !== '' ? record.Id : undefined;
  if (id === undefined) return { reason: 'm365 record has no Id', id, atMs };
  if (Number.isNaN(atMs)) return { reason: 'm365 record has no usable CreationTime', id, atMs };
  return { id, atMs, record };
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

async function fetchBlob(api: M365Api, ref: ContentRef, ctx: PullContext): Promise<BlobContent | 'expired'> {
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
