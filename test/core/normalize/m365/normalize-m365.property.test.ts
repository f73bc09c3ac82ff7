import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import { loadBlob, normalize } from './fixture-blobs.ts';

const valid = (['audit-sharepoint-blob', 'audit-exchange-blob', 'audit-general-blob', 'audit-aad-blob'] as const).flatMap(loadBlob);

/** The contract: never throw; either schema-valid events with the input id (and `#n` suffixes) or a reject with a reason. */
function checkContract(record: unknown): void {
  const out = normalize(record as Record<string, unknown>);
  if (!out.ok) {
    expect(out.reason.length).toBeGreaterThan(0);
    return;
  }
  expect(out.events.length).toBeGreaterThan(0);
  const id = typeof (record as { Id?: unknown }).Id === 'string' ? (record as { Id: string }).Id : 'no-id';
  out.events.forEach((e, n) => {
    NormalizedEventSchema.parse(e);
    expect(e.id).toBe(n === 0 ? id : `${id}#${n}`);
    expect(e.source).toBe('m365');
  });
}

/** One mutation of a valid record: drop a key, replace its value with anything, or truncate a string value. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), key: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), key: fc.nat(), value: fc.anything({ withBigInt: true, withDate: true }) }),
  fc.record({ kind: fc.constant('truncate' as const), key: fc.nat(), at: fc.nat() }),
);

type Mutation = { kind: 'drop'; key: number } | { kind: 'replace'; key: number; value: unknown } | { kind: 'truncate'; key: number; at: number };

function mutate(record: Record<string, unknown>, ops: Mutation[]): Record<string, unknown> {
  const out = structuredClone(record);
  for (const op of ops) {
    const keys = Object.keys(out);
    if (keys.length === 0) break;
    const key = keys[op.key % keys.length]!;
    if (op.kind === 'drop') delete out[key];
    else if (op.kind === 'replace') out[key] = op.value;
    else {
      const text = out[key];
      if (typeof text === 'string') out[key] = text.slice(0, op.at % (text.length + 1));
    }
  }
  return out;
}

describe('normalizeM365 properties', () => {
  it('never throws on arbitrary values', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }), (v) => checkContract(v)), { numRuns: 500 });
  });

  it('never throws on arbitrary objects with audit-like keys', () => {
    const key = fc.constantFrom('Id', 'CreationTime', 'Operation', 'UserId', 'UserKey', 'UserType', 'RecordType', 'Workload',
      'ClientIP', 'Members', 'OperationProperties', 'Folders', 'QueryResults', 'ModifiedProperties', 'Target', 'Invitee', 'ExtendedProperties');
    fc.assert(fc.property(fc.dictionary(key, fc.anything({ withBigInt: true, withDate: true })), (v) => checkContract(v)), { numRuns: 500 });
  });

  it('truncated or mutated valid records yield valid events or a reason', () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 4 }), (record, ops) => {
        checkContract(mutate(record, ops));
      }),
      { numRuns: 1000 },
    );
  });

  it('every fixture record normalizes', () => {
    for (const record of valid) {
      const out = normalize(record);
      expect(out.ok, String(record.Id)).toBe(true);
    }
  });
});
