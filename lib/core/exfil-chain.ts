import type { Config } from './config.ts';
import type { NormalizedEvent } from './event.ts';
import type { ChainStep } from './state.ts';
import { clip } from './text.ts';
import { DAY, HOUR, dayOf, hourOf } from './time.ts';

/**
 * Exfiltration chains across sources: a CRM export or bulk read (Salesforce, Dynamics) followed within hours by the
 * same person (identity, across sources) sending data out of the org — a public link, a share or upload to an outside
 * party, mail to an outside address. Steps are recognised by canonical action and `app`, never by a source list, so a
 * new source (Google Drive) fits as soon as its normalizer speaks the same actions.
 *
 * An upload or share inside the org is not a step: a sales-ops person who exports a report and posts the deck to an
 * internal channel every week keeps the data in the org's custody, and that is the look-alike that must not chain.
 * What leaves is what the org can no longer take back: a link anyone can open, a party outside its domains and its
 * configured partners' (a sales rep who shares a proposal with a partner contact most days is doing her job).
 */

/** Apps whose reads are CRM collection. */
const CRM_APPS: ReadonlySet<string> = new Set(['salesforce', 'dynamics365']);
/** CRM actions that move records out of the CRM whatever their size. */
const CRM_EXPORTS: ReadonlySet<string> = new Set(['export', 'bulk_export', 'bulk_result_download']);
/** CRM reads that are collection when they return many rows. */
const CRM_READS: ReadonlySet<string> = new Set(['report_run', 'record_query', 'list_view']);
/** File actions that send data to whoever `external` names. */
const FILE_OUT: ReadonlySet<string> = new Set(['file_share', 'file_upload']);
/** Mail apps: any of their events that names an outside address sends mail out (e.g. a forwarding rule). */
const MAIL_APPS: ReadonlySet<string> = new Set(['exchange']);
/** Vendor text kept in a step: enough to read, small enough for the identity item. */
const STEP_TEXT_CHARS = 120;
/** Steps kept in the identity item: the longest window (24 h) plus batches a day late, and a margin. */
export const KEEP_CHAIN_MS = 3 * DAY;

/** Where an event sent data, when it left the org: an outside domain or address, or `public link`. */
function destinationOutside(e: NormalizedEvent, config: Config): string | undefined {
  if (e.action === 'public_link') return 'public link';
  if (!FILE_OUT.has(e.action) && !MAIL_APPS.has(e.app)) return undefined;
  const x = e.external;
  if (!x) return undefined;
  const domain = (x.domain ?? x.user?.split('@').pop())?.toLowerCase();
  const within = (d: string): boolean => domain === d || domain!.endsWith(`.${d}`);
  // The org's own domains, and its configured partners': sending a partner a proposal is the business, not a leak.
  if (domain && (config.org.internalDomains.some(within) || config.partners.some((p) => p.domains.some(within)))) return undefined;
  // A party named without any domain (a guest by name, an outside org) is outside by the vendor's word.
  return x.user ?? x.domain ?? x.org ?? x.name;
}

/** The chain step an event is, if any. Cheap checks first: most events are neither. */
export function chainStepOf(e: NormalizedEvent, config: Config): ChainStep | undefined {
  if (e.outcome === 'failure') return undefined;
  let role: ChainStep['role'];
  let destination: string | undefined;
  if (CRM_APPS.has(e.app)) {
    if (!CRM_EXPORTS.has(e.action) && !(CRM_READS.has(e.action) && (e.count ?? 0) >= config.chains.exfiltration.minReadRows)) return undefined;
    role = 'collection';
  } else {
    destination = destinationOutside(e, config);
    if (destination === undefined) return undefined;
    role = 'leaving';
  }
  const step: ChainStep = { role, time: e.time, source: e.source, app: e.app, action: e.action, principal: `${e.source}:${e.actor.id}`, event: e.id };
  const object = e.object?.name ?? e.object?.id ?? e.entities?.join(', ');
  if (object) step.object = clip(object, STEP_TEXT_CHARS);
  if (destination) step.destination = clip(destination, STEP_TEXT_CHARS);
  if (e.src?.ip) step.ip = clip(e.src.ip, 64);
  return step;
}

const before = (a: ChainStep, b: ChainStep): boolean => a.time < b.time || (a.time === b.time && a.event < b.event);
const slotOf = (s: ChainStep): string => `${s.principal}|${s.role}|${hourOf(s.time)}`;

/**
 * A person's steps, at most the first and the last per (principal, role, clock hour). Exact for chains: with a window
 * of at least an hour, a step of the hour inside a window means its first or last one is inside it too (two steps of
 * one hour are never further apart than the window). Merging is commutative and idempotent: the same steps in any
 * order and any number of times give the same set.
 */
export class ChainSteps {
  private readonly slots = new Map<string, { first: ChainStep; last: ChainStep }>();

  constructor(steps: readonly ChainStep[] = []) {
    for (const s of steps) this.add(s);
  }

  add(s: ChainStep): void {
    const key = slotOf(s);
    const slot = this.slots.get(key);
    if (!slot) {
      this.slots.set(key, { first: s, last: s });
      return;
    }
    if (before(s, slot.first)) slot.first = s;
    if (before(slot.last, s)) slot.last = s;
  }

  get size(): number {
    return this.slots.size;
  }

  /** In time order (then event id), each step once. */
  list(): ChainStep[] {
    const out: ChainStep[] = [];
    for (const { first, last } of this.slots.values()) {
      out.push(first);
      if (last !== first && last.event !== first.event) out.push(last);
    }
    return out.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }
}

/** One chain: the CRM steps of a UTC day and the leaving steps they precede within the window, in time order. */
export interface Chain {
  /** UTC epoch day of the CRM steps (the alert's day). */
  day: number;
  steps: ChainStep[];
}

/**
 * Chains among a person's steps. Each leaving step belongs to the latest CRM step before it within the window (the
 * collection it most plausibly carries out), and so to that step's day; a day's chain is its CRM steps that some
 * leaving step follows within the window, and those leaving steps.
 */
export function findChains(steps: readonly ChainStep[], windowMs: number): Chain[] {
  const collections = steps.filter((s) => s.role === 'collection').sort((a, b) => a.time - b.time);
  if (collections.length === 0) return [];
  const byDay = new Map<number, { collections: Set<ChainStep>; leaving: ChainStep[] }>();
  for (const l of steps) {
    if (l.role !== 'leaving') continue;
    const within = collections.filter((c) => c.time <= l.time && l.time - c.time <= windowMs);
    if (within.length === 0) continue;
    const day = dayOf(within[within.length - 1]!.time);
    const chain = byDay.get(day) ?? { collections: new Set(), leaving: [] };
    chain.leaving.push(l);
    for (const c of within) if (dayOf(c.time) === day) chain.collections.add(c);
    byDay.set(day, chain);
  }
  return [...byDay]
    .sort((a, b) => a[0] - b[0])
    .map(([day, c]) => ({ day, steps: new ChainSteps([...c.collections, ...c.leaving]).list() }));
}

/** Steps worth keeping: younger than KEEP_CHAIN_MS before the person's newest step. */
export function ageOut(steps: readonly ChainStep[]): ChainStep[] {
  const newest = steps.reduce((n, s) => Math.max(n, s.time), 0);
  return steps.filter((s) => newest - s.time <= KEEP_CHAIN_MS);
}

export const windowMsOf = (config: Config): number => config.chains.exfiltration.windowHours * HOUR;
