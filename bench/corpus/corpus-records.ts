import type { Source } from '../../lib/core/event.ts';
import { Prng } from '../../lib/simulate/prng.ts';
import { toId18 } from '../../lib/simulate/salesforce-id.ts';
import { RECORD_KINDS } from './event-mix.ts';
import type { Audience, RecordKind } from './event-mix.ts';
import { buildPopulation } from './population.ts';
import type { BenchPerson } from './population.ts';
import { alnum } from './random-ids.ts';

export interface CorpusShape {
  seed: string;
  events: number;
  /** People in the made-up org; each is up to three principals (M365 always, Slack ~80 %, Salesforce ~40 %). */
  people: number;
  /** Records per simulated day: sets how many days the corpus spans. */
  eventsPerDay: number;
  /** Epoch ms of the first simulated day (UTC midnight). */
  start: number;
}

/** One vendor record with what its envelope needs (DESIGN.md §3). */
export interface CorpusRecord {
  source: Source;
  stream: string;
  id: string;
  time: number;
  record: Record<string, unknown>;
}

export const DEFAULT_SHAPE: Omit<CorpusShape, 'events'> = {
  seed: 'hoardwatch-bench',
  people: 5000,
  eventsPerDay: 150_000,
  start: Date.UTC(2026, 9, 5),
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** ELF files hold one day of one event type; rows past this many start a new file id. */
const ELF_ROWS_PER_FILE = 20_000;

/**
 * Time of day for the i-th record of a day, monotonic in i so records come out in time order: 80 % of activity in
 * 07:00–19:00 UTC, the rest spread over the night.
 */
function timeOfDay(fraction: number): number {
  if (fraction < 0.1) return (fraction / 0.1) * 7 * HOUR;
  if (fraction < 0.9) return 7 * HOUR + ((fraction - 0.1) / 0.8) * 12 * HOUR;
  return 19 * HOUR + ((fraction - 0.9) / 0.1) * 5 * HOUR;
}

/** Picks a kind by weight from one uniform draw. */
function kindPicker(kinds: readonly RecordKind[]): (u: number) => RecordKind {
  const total = kinds.reduce((n, k) => n + k.weight, 0);
  const cumulative = kinds.map(((acc) => (k: RecordKind) => (acc += k.weight / total))(0));
  return (u) => kinds[cumulative.findIndex((c) => u < c)] ?? kinds[kinds.length - 1]!;
}

/**
 * The corpus as a stream of records, in time order: a pure function of its shape, so every run (and the test)
 * sees the same records. Activity is skewed (a few heavy users, a long tail), as in real tenants.
 */
export function* corpusRecords(shape: CorpusShape): Generator<CorpusRecord> {
  const people = buildPopulation(shape.seed, shape.people);
  const audiences: Record<Audience, BenchPerson[]> = {
    all: people,
    salesforce: people.filter((p) => p.sf),
    slack: people.filter((p) => p.slackId),
  };
  const rng = new Prng(`${shape.seed}/records`);
  const pick = kindPicker(RECORD_KINDS);
  const elfFiles = new Map<string, { id: string; row: number }>();
  for (let i = 0; i < shape.events; i++) {
    const day = Math.floor(i / shape.eventsPerDay);
    const time = Math.floor(shape.start + day * DAY + timeOfDay((i % shape.eventsPerDay) / shape.eventsPerDay));
    const kind = pick(rng.next());
    const pool = audiences[kind.audience];
    const r = rng.next();
    const person = pool[Math.floor(r * r * pool.length)]!;
    const record = kind.build(rng, person, time);
    yield { source: kind.source, stream: kind.stream, id: recordId(kind, record, elfFiles, rng), time, record };
  }
}

/** DESIGN.md §3 ids: Slack `id`, M365 `Id`, RTEM `EventIdentifier`, ELF `<EventLogFile.Id>:<row index>`. */
function recordId(kind: RecordKind, record: Record<string, unknown>, elfFiles: Map<string, { id: string; row: number }>, rng: Prng): string {
  if (kind.source === 'slack') return String(record.id);
  if (kind.source === 'm365') return String(record.Id);
  if (kind.stream.startsWith('rtem:')) return String(record.EventIdentifier);
  let file = elfFiles.get(kind.stream);
  if (!file || file.row >= ELF_ROWS_PER_FILE) {
    file = { id: toId18(`0AT5e0000${alnum(rng, 6)}`), row: 0 };
    elfFiles.set(kind.stream, file);
  }
  return `${file.id}:${file.row++}`;
}
