import { newEwma, foldEwma } from './ewma.ts';
import type { DailyMetric, Profile, SeenSet } from './state.ts';
import type { DayFacts, SeriesBucket } from './principal-batch.ts';
import { DAY, HOUR, dayOf, hourOf } from './time.ts';
import { HOURS_PER_WEEK } from './local-time.ts';
import { networkOf } from './ip-match.ts';

/** First-seen sets age out after 90 days and keep at most this many values (oldest dropped). */
export const SEEN_MAX_AGE_MS = 90 * DAY;
export const SEEN_CAP = 200;
const HIST_CAP = 90;
const ACTIVE_DAYS_CAP = 120;
const BATCH_MARKERS = 64;
/** A slot of the week is "usual" once activity was seen in it on this many distinct days. */
export const USUAL_SLOT_DAYS = 3;
/** Cold start: fewer active days than this → no z-scores, absolute floors and novelty only. */
export const COLD_START_DAYS = 7;

export function newProfile(key: string, source: string, id: string, identity: string, time: number): Profile {
  return {
    key, version: 0, source, id, identity, batches: [], firstSeen: time, lastSeen: time, activeDays: [],
    slotDays: Array<number>(HOURS_PER_WEEK).fill(0), slotLastDay: Array<number>(HOURS_PER_WEEK).fill(-1),
    metrics: {}, seen: {}, recent: {}, episodes: {},
  };
}

export const isColdStart = (p: Profile): boolean => p.activeDays.length < COLD_START_DAYS;
export const isUsualSlot = (p: Profile, slot: number): boolean => (p.slotDays[slot] ?? 0) >= USUAL_SLOT_DAYS;

export function hasSeen(p: Profile, set: string, value: string, asOf: number): boolean {
  const last = p.seen[set]?.[value];
  return last !== undefined && asOf - last <= SEEN_MAX_AGE_MS;
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
  if (m.day >= 0 && dayOf(now) > m.day && m.cur > 0) {
    foldEwma(m.ewma, m.cur);
    m.hist.push(m.cur);
    if (m.hist.length > HIST_CAP) m.hist.shift();
    m.cur = 0;
  }
}

/** Fold a day's buckets of one metric into its baseline, except buckets that raised an alert (held out). */
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
    if (held.has(b.start)) continue;
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
    if (p.slotLastDay[slot] !== day) {
      p.slotDays[slot] = (p.slotDays[slot] ?? 0) + 1;
      p.slotLastDay[slot] = day;
    }
  }
  for (const [set, values] of facts.seen) {
    const s: SeenSet = (p.seen[set] ??= {});
    for (const [v, t] of values) s[v] = Math.max(s[v] ?? 0, t);
    if (set === 'ip') {
      const nets: SeenSet = (p.seen.net ??= {});
      for (const [ip, t] of values) {
        const n = networkOf(ip);
        nets[n] = Math.max(nets[n] ?? 0, t);
      }
    }
  }
}

/** Age out and cap first-seen sets (oldest first) once per batch. */
export function pruneSeen(p: Profile, now: number): void {
  for (const [set, values] of Object.entries(p.seen)) {
    let entries = Object.entries(values).filter(([, t]) => now - t <= SEEN_MAX_AGE_MS);
    if (entries.length > SEEN_CAP) entries = entries.sort((a, b) => b[1] - a[1]).slice(0, SEEN_CAP);
    p.seen[set] = Object.fromEntries(entries);
  }
}

export function markBatch(p: Profile, batchId: string): void {
  p.batches.push(batchId);
  if (p.batches.length > BATCH_MARKERS) p.batches.shift();
}
