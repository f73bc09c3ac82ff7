import type { NormalizedEvent } from '../../lib/core/event.ts';

let seq = 0;

/** A normalized event with sensible defaults, for core tests. `at` is an ISO time. */
export function ev(at: string, over: Partial<Omit<NormalizedEvent, 'actor'>> & { actor?: Partial<NormalizedEvent['actor']> } = {}): NormalizedEvent {
  seq++;
  const { actor, ...rest } = over;
  return {
    id: rest.id ?? `ev-${seq}`,
    source: 'salesforce',
    app: 'salesforce',
    time: Date.parse(at),
    action: 'other',
    vendorAction: 'Test',
    outcome: 'success',
    ref: { file: 'test', line: seq },
    ...rest,
    // Each actor id is its own person unless a test gives an e-mail explicitly (identity join by e-mail).
    actor: { type: 'user', ...actor, id: actor?.id ?? 'u1', email: actor?.email ?? emailOf(actor?.id ?? 'u1') },
  };
}

/** Dates of `n` consecutive weekdays ending the day before `endIso` (YYYY-MM-DD), oldest first. */
export function weekdaysBefore(endIso: string, n: number): string[] {
  const out: string[] = [];
  let t = Date.parse(`${endIso}T00:00:00Z`);
  while (out.length < n) {
    t -= 86_400_000;
    const d = new Date(t).getUTCDay();
    if (d !== 0 && d !== 6) out.unshift(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const emailOf = (id: string): string => (id.includes('@') ? id.toLowerCase() : `${id.toLowerCase()}@example.com`);
