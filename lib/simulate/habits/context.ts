import type { Prng } from '../prng.ts';
import type { Person } from '../org.ts';
import type { Catalogue } from '../catalogue.ts';
import type { RecordSink } from '../sink.ts';
import type { DayPlan } from './day-plan.ts';

/** What a habit generator needs to write one person's ordinary day into the sink. */
export interface HabitContext {
  rng: Prng;
  person: Person;
  plan: DayPlan;
  sink: RecordSink;
  catalogue: Catalogue;
  people: readonly Person[];
}
