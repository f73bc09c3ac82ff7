import type { Prng } from '../prng.ts';
import type { Person } from '../org.ts';
import type { Catalogue } from '../catalogue.ts';
import type { RecordSink, SimSource } from '../sink.ts';
import type { LocalDate } from '../zoned-time.ts';
import type { TruthEntry } from '../truth.ts';

/** What a scenario gets: the org, the sink, and helpers to place itself on the org's local calendar. */
export interface ScenarioContext {
  rng: Prng;
  sink: RecordSink;
  people: readonly Person[];
  catalogue: Catalogue;
  /** The `k`-th last weekday fully inside the window (k = 1: the last one); falls back to the earliest full day. */
  weekdayFromEnd(k: number): LocalDate;
  /** UTC ms of a local wall-clock time (`HH:MM[:SS]`) on a date, in the org's time zone. */
  at(date: LocalDate, hhmm: string): number;
  person(email: string): Person;
}

/** One labelled case: writes its records into the sink and returns its truth entries. */
export interface Scenario {
  id: string;
  run(ctx: ScenarioContext): TruthEntry[];
}


/** `start`/`end` of a truth entry covering event times (end exclusive, one second past the last). */
export function span(times: readonly number[]): { start: string; end: string } {
  if (times.length === 0) throw new RangeError('a scenario must emit at least one event');
  return { start: new Date(Math.min(...times)).toISOString(), end: new Date(Math.max(...times) + 1000).toISOString() };
}

/**
 * The tier an attack whose escalation rests on "never seen for this person" facts (a new IP, a first tool) can get:
 * 2 when the person has at least one settled day of history in the window, else 1 — without history nothing is
 * "new", and no history is never a reason to escalate. The note says so in the truth description.
 */
export function tierFromHistory(ctx: Pick<ScenarioContext, 'sink'>, source: SimSource, principal: string, at: number): { tier: 1 | 2; note: string } {
  const days = ctx.sink.settledDaysBefore(source, principal, at);
  return days > 0 ? { tier: 2, note: '' } : { tier: 1, note: ' (no settled history of theirs in this window yet: nothing is "new" for them, tier 1)' };
}
