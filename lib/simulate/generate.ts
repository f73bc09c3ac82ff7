import { Prng } from './prng.ts';
import { ORG, buildPeople } from './org.ts';
import type { Person } from './org.ts';
import { buildCatalogue } from './catalogue.ts';
import { RecordSink } from './sink.ts';
import type { LocalDate } from './zoned-time.ts';
import { dateKey, isWeekday, localDateAt, localToUtc, nextDate } from './zoned-time.ts';
import { planDay } from './habits/day-plan.ts';
import type { HabitContext } from './habits/context.ts';
import { salesforceDay } from './habits/salesforce.ts';
import { m365Day } from './habits/m365.ts';
import { slackDay } from './habits/slack.ts';
import { googleWorkspaceDay } from './habits/google-workspace.ts';
import { oktaDay } from './habits/okta.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { EXTRA_PEOPLE } from './scenarios/extra-identities.ts';
import type { ScenarioContext } from './scenarios/types.ts';
import type { TruthEntry } from './truth.ts';
import { TruthEntrySchema } from './truth.ts';
import type { OutputFile } from './write/output-file.ts';
import { utcDay } from './write/output-file.ts';
import { writeElf } from './write/elf-csv.ts';
import { writeRtem } from './write/rtem-ndjson.ts';
import { writeM365 } from './write/m365-blobs.ts';
import { writeSlack } from './write/slack-pages.ts';
import { writeGoogleWorkspace } from './write/google-workspace-pages.ts';
import { writeOkta } from './write/okta-pages.ts';

const DAY_MS = 86_400_000;

export interface GenerateInput {
  days: number;
  seed: number;
  end: Date;
}

export interface GenerateStats {
  /** Vendor records generated (M365 duplicate copies not counted). */
  events: number;
  /** Records per UTC day of the window. */
  perDay: Record<string, number>;
  bySource: { salesforce: number; m365: number; slack: number; 'google-workspace': number; okta: number };
}

export interface Generated {
  window: { start: number; end: number };
  /** People in the org: the roster and the identities scenarios bring in. */
  people: number;
  files: OutputFile[];
  truth: TruthEntry[];
  stats: GenerateStats;
}

/** Every local calendar date touching [start, end). */
function localDates(start: number, end: number): LocalDate[] {
  const dates: LocalDate[] = [];
  const last = dateKey(localDateAt(end - 1, ORG.timezone));
  for (let d = localDateAt(start, ORG.timezone); ; d = nextDate(d)) {
    dates.push(d);
    if (dateKey(d) === last) return dates;
  }
}

function scenarioContext(rng: Prng, sink: RecordSink, people: readonly Person[], catalogue: HabitContext['catalogue'],
  dates: readonly LocalDate[]): ScenarioContext {
  const tz = ORG.timezone;
  const full = dates.filter((d) => localToUtc(d, 0, tz) >= sink.window.start && localToUtc(nextDate(d), 0, tz) <= sink.window.end);
  const weekdays = full.filter(isWeekday);
  const byEmail = new Map(people.map((p) => [p.email, p]));
  return {
    rng, sink, people, catalogue,
    weekdayFromEnd(k) {
      const d = weekdays[weekdays.length - k] ?? full[0];
      if (!d) throw new RangeError('the window holds no full local day');
      return d;
    },
    at(date, hhmm) {
      const [h = 0, m = 0, s = 0] = hhmm.split(':').map(Number);
      return localToUtc(date, h * 60 + m, tz) + s * 1000;
    },
    person(email) {
      const p = byEmail.get(email);
      if (!p) throw new RangeError(`no such person in the simulated org: ${email}`);
      return p;
    },
  };
}

/** The whole simulation in memory: a pure function of (days, seed, end). */
export function generate(input: GenerateInput): Generated {
  const end = input.end.getTime();
  const window = { start: end - input.days * DAY_MS, end };
  const root = new Prng(`hoardwatch-simulate/v1/${input.seed}`);
  const people = buildPeople(root.fork('people'));
  const catalogue = buildCatalogue(root.fork('catalogue'));
  const sink = new RecordSink(window);
  const dates = localDates(window.start, window.end);

  for (const date of dates) {
    const key = dateKey(date);
    for (const person of people) {
      const base = root.fork(`day/${key}/${person.index}`);
      const plan = planDay(base.fork('plan'), person, date);
      const ctx = (label: string): HabitContext => ({ rng: base.fork(label), person, plan, sink, catalogue, people });
      salesforceDay(ctx('salesforce'));
      m365Day(ctx('m365'));
      slackDay(ctx('slack'));
      googleWorkspaceDay(ctx('google-workspace'));
      oktaDay(ctx('okta'));
    }
  }

  const truth: TruthEntry[] = [];
  for (const scenario of SCENARIOS) {
    const sctx = scenarioContext(root.fork(`scenario/${scenario.id}`), sink, people, catalogue, dates);
    for (const entry of scenario.run(sctx)) truth.push(TruthEntrySchema.parse(entry));
  }

  const files = [
    ...writeElf(sink, root.fork('write/elf')),
    ...writeRtem(sink),
    ...writeM365(sink, root.fork('write/m365')),
    ...writeSlack(sink),
    ...writeGoogleWorkspace(sink),
    ...writeOkta(sink),
  ];
  return { window, people: people.length + EXTRA_PEOPLE, files, truth, stats: statsOf(sink, window) };
}

function statsOf(sink: RecordSink, window: { start: number; end: number }): GenerateStats {
  const perDay: Record<string, number> = {};
  for (let t = window.start; t < window.end; t += DAY_MS) perDay[utcDay(t)] = 0;
  const bySource = { salesforce: 0, m365: 0, slack: 0, 'google-workspace': 0, okta: 0 };
  const count = (source: keyof typeof bySource, list: ReadonlyArray<{ time: number }>): void => {
    bySource[source] += list.length;
    for (const r of list) {
      const d = utcDay(r.time);
      perDay[d] = (perDay[d] ?? 0) + 1;
    }
  };
  for (const list of sink.elf.values()) count('salesforce', list);
  for (const list of sink.rtem.values()) count('salesforce', list);
  for (const list of sink.m365.values()) count('m365', list);
  count('slack', sink.slack);
  for (const list of sink.google.values()) count('google-workspace', list);
  count('okta', sink.okta);
  return { events: bySource.salesforce + bySource.m365 + bySource.slack + bySource['google-workspace'] + bySource.okta, perDay, bySource };
}
