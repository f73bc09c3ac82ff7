import { createHash } from 'node:crypto';
import { shortHash } from './short-hash.ts';
import { newEwma, foldEwma } from './ewma.ts';
import type { DailyMetric, Profile, SeenList } from './state.ts';
import type { DayFacts, SeriesBucket } from './principal-batch.ts';
import { DAY, HOUR, dayOf, hourOf } from './time.ts';
import { networkOf } from './ip-match.ts';

/** First-seen sets age out after 90 days and keep at most this many values (oldest dropped). */
export const SEEN_MAX_AGE_DAYS = 90;
export const SEEN_CAP = 200;
const HIST_CAP = 90;
const ACTIVE_DAYS_CAP = 120;
/** Enough to recognise a re-delivered or replayed recent batch; older batches are long folded. */
const BATCH_MARKERS = 16;
/** A slot of the week is "usual" once activity was seen in it on this many distinct days. */
export const USUAL_SLOT_DAYS = 3;
/** Cold start: fewer active days than this → no z-scores, absolute floors and novelty only. */
export const COLD_START_DAYS = 7;

export function newProfile(key: string, source: string, id: string, identity: string, time: number): Profile {
  return {
    key, version: 0, source, id, identity, batches: [], firstSeen: time, lastSeen: time, activeDays: [],
    slots: [], metrics: {}, seen: {}, recent: {}, episodes: {},
  };
}

/**
 * Profiles written by earlier versions held two dense 168-entry slot arrays and first-seen sets as objects: read
 * them as flat slot triples and value/day lists.
 */
export function upgradeProfile(p: Profile): Profile {
  const old = p as Profile & { slotDays?: number[]; slotLastDay?: number[] };
  if (!old.slots) {
    old.slots = [];
    old.slotDays?.forEach((days, slot) => {
      if (days > 0) old.slots.push(slot, days, old.slotLastDay?.[slot] ?? -1);
    });
    delete old.slotDays;
    delete old.slotLastDay;
  }
  for (const [set, values] of Object.entries(old.seen)) {
    if (Array.isArray((values as Partial<SeenList>).v)) continue;
    // Long values of digested sets are re-keyed, or they would look new once after the upgrade.
    const entries = Object.entries(values as unknown as Record<string, number>);
    old.seen[set] = { v: entries.map(([v]) => seenKey(set, v)), t: entries.map(([, ms]) => dayOf(ms)) };
  }
  return p;
}

/** Index of `slot`'s triple in the profile's flat slots, or -1. */
function slotIndex(slots: readonly number[], slot: number): number {
  for (let i = 0; i < slots.length; i += 3) if (slots[i] === slot) return i;
  return -1;
}

function slotDays(p: Profile, slot: number): number {
  const i = slotIndex(p.slots, slot);
  return i < 0 ? 0 : p.slots[i + 1]!;
}

export const isColdStart = (p: Profile): boolean => p.activeDays.length < COLD_START_DAYS;
export const isUsualSlot = (p: Profile, slot: number): boolean => slotDays(p, slot) >= USUAL_SLOT_DAYS;

/** The same hour of day on any weekday seen on ≥ 3 days: a daily job's habit, learned in days rather than weeks. */
export function isUsualHour(p: Profile, slot: number): boolean {
  const hour = slot % 24;
  let days = 0;
  for (let wd = 0; wd < 7; wd++) days += slotDays(p, wd * 24 + hour);
  return days >= USUAL_SLOT_DAYS;
}

/** Sets only ever asked "seen before?": long values (file URLs, user agents) are kept as digests. */
const DIGESTED_SETS = new Set(['resource', 'ua']);
const DIGEST_ABOVE = 16;

/** The key a value has in a profile's first-seen set. */
export function seenKey(set: string, value: string): string {
  if (value.length <= DIGEST_ABOVE || !DIGESTED_SETS.has(set)) return value;
  return `#${shortHash(value)}`;
}

export function hasSeen(p: Profile, set: string, value: string, asOf: number): boolean {
  const key = seenKey(set, value);
  const s = p.seen[set];
  const i = s ? s.v.indexOf(key) : -1;
  return i >= 0 && dayOf(asOf) - s!.t[i]! <= SEEN_MAX_AGE_DAYS;
}

/** Adds a day's values, as `keyOf` keys them in the set, or refreshes their last day. */
function mergeSeen(list: SeenList, values: ReadonlySet<string>, keyOf: (value: string) => string, day: number): void {
  // An index only pays when many values meet a long list; a day usually adds a handful of values.
  let index: Map<string, number> | undefined;
  if (values.size * list.v.length > 4096) {
    index = new Map();
    for (let i = 0; i < list.v.length; i++) index.set(list.v[i]!, i);
  }
  for (const value of values) {
    const v = keyOf(value);
    const i = index ? index.get(v) ?? -1 : list.v.indexOf(v);
    if (i < 0) {
      index?.set(v, list.v.length);
      list.v.push(v);
      list.t.push(day);
    } else if (day > list.t[i]!) list.t[i] = day; // a late batch of an earlier day must not move it back
  }
}

export function metric(p: Profile, name: string): DailyMetric {
  let m = p.metrics[name];
  if (!m) {
    m = { day: -1, cur: 0, ewma: newEwma(), hist: [], hour: -1, hourCur: 0, hourEwma: newEwma() };
    p.metrics[name] = m;
  }
  return m;
}

/** Close hour/day periods older than `now` so the baseline reflects completed periods only. */
export function closePeriods(m: DailyMetric, now: number): void {
  if (m.hour >= 0 && hourOf(now) > m.hour && m.hourCur > 0) {
    foldEwma(m.hourEwma, m.hourCur);
    m.hourCur = 0;
  }
  if (m.day >= 0 && dayOf(now) > m.day && (m.cur > 0 || (m.heldCur ?? 0) > 0)) {
    if (m.cur > 0) foldDay(m, m.cur);
    if ((m.heldCur ?? 0) > 0) noteHeldDay(m, m.day, m.heldCur!);
    m.cur = 0;
    m.heldCur = 0;
  }
}

function foldDay(m: DailyMetric, total: number): void {
  foldEwma(m.ewma, total);
  m.hist.push(total);
  if (m.hist.length > HIST_CAP) m.hist.shift();
}

/** Alerting activity recurring on this many days within 30 becomes a habit and is learned (alert fatigue guard). */
export const HABIT_DAYS = 5;
const HABIT_WINDOW_DAYS = 30;

/**
 * A day whose activity was held out because it alerted. When that happens on HABIT_DAYS days within 30 (a nightly
 * ETL, a sync client every morning), the pattern is a habit: the held days are folded in after all and nothing is
 * held out any more, so the next occurrence is judged against it.
 */
function noteHeldDay(m: DailyMetric, day: number, total: number): void {
  m.heldDays = [...(m.heldDays ?? []).filter(([d]) => day - d < HABIT_WINDOW_DAYS), [day, total]];
  if (m.heldDays.length < HABIT_DAYS) return;
  for (const [, v] of m.heldDays) {
    foldDay(m, v);
    foldEwma(m.hourEwma, v); // held activity came in bursts: count each day's as one active hour
  }
  m.heldDays = [];
  m.habit = true;
}

/**
 * Fold a day's buckets of one metric into its baseline, except buckets that raised an alert (held out) — unless
 * such alerts keep recurring (a habit, e.g. a nightly ETL or a sync client): then the activity is learned.
 */
export function foldBuckets(m: DailyMetric, buckets: readonly SeriesBucket[], held: ReadonlySet<number>): void {
  for (const b of buckets) {
    closePeriods(m, b.start);
    const h = hourOf(b.start);
    if (h !== m.hour) {
      m.hour = h;
      m.hourCur = 0;
    }
    const d = dayOf(b.start);
    if (d !== m.day) {
      m.day = d;
      m.cur = 0;
    }
    if (held.has(b.start) && !m.habit) {
      m.heldCur = (m.heldCur ?? 0) + b.value;
      continue;
    }
    m.hourCur += b.value;
    m.cur += b.value;
  }
}

/** Keep the last 24 h of bucket values per metric so rolling windows continue in the next batch. */
export function foldRecent(p: Profile, name: string, buckets: readonly SeriesBucket[], now: number): void {
  const kept = (p.recent[name] ?? []).filter(([t]) => t > now - DAY - HOUR);
  for (const b of buckets) kept.push([b.start, b.value]);
  kept.sort((a, b) => a[0] - b[0]);
  p.recent[name] = kept;
}

/** Fold one day's activity facts: active days, hour-of-week slots, first-seen sets. */
export function foldDayFacts(p: Profile, day: number, facts: DayFacts): void {
  if (!p.activeDays.includes(day)) {
    p.activeDays.push(day);
    p.activeDays.sort((a, b) => a - b);
    if (p.activeDays.length > ACTIVE_DAYS_CAP) p.activeDays.shift();
  }
  for (const slot of facts.slots) {
    const i = slotIndex(p.slots, slot);
    if (i < 0) p.slots.push(slot, 1, day);
    else if (p.slots[i + 2] !== day) {
      p.slots[i + 1]!++;
      p.slots[i + 2] = day;
    }
  }
  for (const [set, values] of facts.seen) {
    mergeSeen((p.seen[set] ??= { v: [], t: [] }), values, (v) => seenKey(set, v), day);
    if (set === 'ip') mergeSeen((p.seen['net'] ??= { v: [], t: [] }), values, networkOf, day);
  }
}

/** Age out and cap first-seen sets (oldest first) once per batch. */
export function pruneSeen(p: Profile, now: number): void {
  for (const [set, s] of Object.entries(p.seen)) {
    // Aging is also checked at read time (hasSeen): rebuild a set only when it outgrew its cap.
    if (s.v.length <= SEEN_CAP) continue;
    const today = dayOf(now);
    const kept = s.t.map((_, i) => i).filter((i) => today - s.t[i]! <= SEEN_MAX_AGE_DAYS);
    // Newest first when over the cap; the kept ones stay in their order otherwise.
    const order = kept.length > SEEN_CAP ? kept.sort((a, b) => s.t[b]! - s.t[a]!).slice(0, SEEN_CAP) : kept;
    p.seen[set] = { v: order.map((i) => s.v[i]!), t: order.map((i) => s.t[i]!) };
  }
}

/**
 * What a profile keeps to recognise a batch: a 72-bit digest of its id rather than the id (an S3 key of ~90
 * characters), since every profile keeps 16 of them and is read and written whole per batch.
 */
export function batchMarker(batchId: string): string {
  return createHash('sha256').update(batchId).digest('base64url').slice(0, 12);
}

/** Whether the batch (by its marker, or its full id as profiles written before markers hold) was folded in. */
export const hasBatch = (p: Profile, batchId: string, marker = batchMarker(batchId)): boolean =>
  p.batches.includes(marker) || p.batches.includes(batchId);

export function markBatch(p: Profile, marker: string): void {
  p.batches.push(marker);
  if (p.batches.length > BATCH_MARKERS) p.batches.shift();
}
