import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import { normalizeSlack } from '../../../../lib/core/normalize/slack/index.ts';
import type { NormalizeOutcome } from '../../../../lib/core/normalize/types.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';
import { entries } from './slack-fixtures.ts';

/** Calls the Slack normalizer directly (not the dispatcher, whose try/catch would hide a throw). */
const normalize = (record: unknown): NormalizeOutcome =>
  normalizeSlack({ record: record as Record<string, unknown>, stream: 'audit', id: 'p-1', ref: { file: 'prop', line: 1 } }, newNormalizeContext());

function expectWellFormed(out: NormalizeOutcome): void {
  if (out.ok) {
    expect(out.events.length).toBeGreaterThan(0);
    for (const e of out.events) {
      NormalizedEventSchema.parse(e);
      // Events are stored and published as JSON: nothing exotic from the input may leak into them.
      expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    }
  } else {
    expect(out.reason).toMatch(/^[a-z]+(-[a-z]+)*$/);
  }
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Paths to every value inside a record (objects only; arrays count as leaves). */
function paths(v: unknown, prefix: string[] = []): string[][] {
  if (!isObj(v)) return [];
  return Object.entries(v).flatMap(([k, child]) => [[...prefix, k], ...paths(child, [...prefix, k])]);
}

type Op = { kind: 'delete' | 'replace' | 'truncate'; pick: number; value: unknown };

/** Apply one mutation: delete a field, replace it with anything, or keep only a prefix of an object's keys. */
function mutate(record: Json, op: Op): Json {
  const copy = structuredClone(record);
  const all = paths(copy);
  const path = all[op.pick % Math.max(all.length, 1)];
  if (!path) return copy;
  const parent = path.slice(0, -1).reduce<Json>((o, k) => o[k] as Json, copy);
  const key = path[path.length - 1]!;
  if (op.kind === 'delete') delete parent[key];
  else if (op.kind === 'replace') parent[key] = op.value;
  else if (isObj(parent[key])) {
    const obj = parent[key];
    parent[key] = Object.fromEntries(Object.entries(obj).slice(0, op.pick % (Object.keys(obj).length + 1)));
  }
  return copy;
}

/** Values of every JS kind, including ones JSON never yields (bigint, null-prototype, boxed, sparse), to be safe. */
const wild = fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withObjectString: true });

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'truncate'),
  pick: fc.nat(),
  value: fc.oneof(wild, fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.constant(''), fc.bigInt().map(String)),
});

describe('normalizeSlack never throws', () => {
  it('on arbitrary values and objects', () => {
    fc.assert(fc.property(fc.oneof(wild, fc.object(), fc.dictionary(fc.string(), fc.jsonValue())), (v) => {
      expectWellFormed(normalize(v));
    }), { numRuns: 500 });
  });

  it('on entry-shaped objects with random field values', () => {
    const entryLike = fc.record({
      id: fc.anything(), date_create: fc.oneof(fc.integer(), fc.string(), fc.double(), wild),
      action: fc.oneof(fc.constantFrom(...new Set(entries.map((e) => String(e['action'])))), fc.string(), fc.anything()),
      actor: fc.oneof(fc.record({ type: fc.string(), user: fc.record({ id: fc.string(), email: fc.string(), name: fc.anything() }) }), fc.anything()),
      entity: fc.anything(), context: fc.oneof(fc.record({ session_id: fc.anything(), ip_address: fc.anything(), ua: fc.anything(), app: fc.anything(), location: fc.anything() }), fc.anything()),
      details: fc.oneof(fc.dictionary(fc.constantFrom('reason', 'action_timestamp', 'new_scopes', 'previous_scopes', 'scopes', 'export_type', 'external_user_email', 'target_team', 'previous_value', 'new_value'), fc.anything()), fc.anything()),
      acting_agent: fc.anything(),
    }, { requiredKeys: [] });
    fc.assert(fc.property(entryLike, (v) => { expectWellFormed(normalize(v)); }), { numRuns: 500 });
  });

  it('on truncated and mutated valid fixture entries', () => {
    fc.assert(fc.property(fc.nat({ max: entries.length - 1 }), fc.array(opArb, { minLength: 1, maxLength: 4 }), (i, ops) => {
      const record = ops.reduce((r, op) => mutate(r, op), entries[i]!);
      expectWellFormed(normalize(record));
    }), { numRuns: 1000 });
  });
});
