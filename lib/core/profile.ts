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
/** Enough to recognise a re-delivered or replayed recent batch; older batches are long folded. */
const BATCH_MARKERS = 16;
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

/** The same hour of day on any weekday seen on ≥ 3 days: a daily job's habit, learned in days rather than weeks. */
export function isUsualHour(p: Profile, slot: number): boolean {
  const hour = slot % 24;
  let days = 0;
  for (let wd = 0; wd < 7; wd++) days += p.slotDays[wd * 24 + hour] ?? 0;
  return days >= USUAL_SLOT_DAYS;
}

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
    // Aging is also checked at read time (hasSeen): rebuild a set only when it outgrew its cap.
    if (Object.keys(values).length <= SEEN_CAP) continue;
    let entries = Object.entries(values).filter(([, t]) => now - t <= SEEN_MAX_AGE_MS);
    if (entries.length > SEEN_CAP) entries = entries.sort((a, b) => b[1] - a[1]).slice(0, SEEN_CAP);
    p.seen[set] = Object.fromEntries(entries);
  }
}

export function markBatch(p: Profile, batchId: string): void {
  p.batches.push(batchId);
  if (p.batches.length > BATCH_MARKERS) p.batches.shift();
}
