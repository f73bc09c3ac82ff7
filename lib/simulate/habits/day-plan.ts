import type { Prng } from '../prng.ts';
import type { Person } from '../org.ts';
import { ORG } from '../org.ts';
import type { LocalDate } from '../zoned-time.ts';
import { isWeekday, localToUtc } from '../zoned-time.ts';

/** When and from where one person works on one local day: business hours Mon–Fri with some noise. */
export interface DayPlan {
  date: LocalDate;
  /** Worked this day (weekdays mostly; a few people a little on weekends). */
  active: boolean;
  /** UTC ms bounds of the main working window. */
  start: number;
  end: number;
  ip: string;
  /** Share of a full day's work done (1 on weekdays; a short weekend session does proportionally less). */
  intensity: number;
  /** An extra short session in the evening, from home when the person has a home IP. */
  evening?: { start: number; end: number; ip: string };
}

export function planDay(rng: Prng, person: Person, date: LocalDate): DayPlan {
  const tz = ORG.timezone;
  const weekday = isWeekday(date);
  const active = weekday ? rng.chance(0.94) : rng.chance(0.1);
  const jitter = rng.int(-25, 25);
  let startMin = person.workStart + jitter;
  let endMin = person.workEnd + rng.int(-30, 40);
  if (!weekday) {
    startMin = rng.int(10 * 60, 16 * 60);
    endMin = startMin + rng.int(30, 120);
  }
  const office = person.officeIp;
  const home = person.homeIp;
  const ip = office && home ? (rng.chance(0.6) ? office : home) : (office ?? home ?? '198.51.100.1');
  const intensity = weekday ? 1 : Math.min(1, (endMin - startMin) / (8 * 60));
  const plan: DayPlan = { date, active, start: localToUtc(date, startMin, tz), end: localToUtc(date, endMin, tz), ip, intensity };
  if (active && weekday && rng.chance(0.08)) {
    const s = rng.int(19 * 60 + 15, 21 * 60 + 30);
    plan.evening = { start: localToUtc(date, s, tz), end: localToUtc(date, s + rng.int(15, 50), tz), ip: home ?? ip };
  }
  return plan;
}

/** A day's count of some activity, scaled to the share of the day worked. */
export const scaled = (plan: DayPlan, n: number): number => Math.round(n * plan.intensity);

/** A random instant inside [start, end). */
export const between = (rng: Prng, start: number, end: number): number => start + Math.floor(rng.next() * Math.max(1, end - start));

export const inWorkday = (rng: Prng, plan: DayPlan): number => between(rng, plan.start, plan.end);
