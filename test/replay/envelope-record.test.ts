import { describe, expect, it } from 'vitest';
import { EnvelopeSchema } from '../../lib/core/envelope.ts';
import { parseIsoUtc } from '../../lib/core/normalize/timestamps.ts';
import type { RawItem } from '../../lib/pipeline/raw-item.ts';
import { EnvelopeReader } from '../../lib/replay/envelope-record.ts';

const pos = { file: 'batch.ndjson', line: 7 };
const good = { v: 1, source: 'slack', stream: 'audit', id: 'e-1', fetchedAt: '2026-11-10T09:00:00Z', record: { action: 'user_login' } };

/** What the schema alone made of a line before the hand check: the reference the reader must equal. */
function bySchema(value: unknown): RawItem {
  const env = EnvelopeSchema.safeParse(value);
  if (!env.success) {
    const issue = env.error.issues[0]!;
    return { kind: 'reject', reject: { reason: 'invalid-envelope', ref: pos, detail: `${issue.path.join('.') || '(root)'}: ${issue.message}` } };
  }
  const e = env.data;
  return { kind: 'record', source: e.source, stream: e.stream, id: e.id, record: e.record, ref: pos, collectedAt: parseIsoUtc(e.fetchedAt)! };
}

// Every field with values the schema refuses and values it accepts: a hand check weaker than the schema would let
// one of these through as a record.
const variants: Array<[string, unknown]> = [
  ['v', undefined], ['v', 2], ['v', '1'], ['v', true], ['v', 1.0],
  ['source', 'myspace'], ['source', 'Slack'], ['source', ''], ['source', 3], ['source', null], ['source', 'okta'], ['source', 'toString'],
  ['source', '__proto__'], ['stream', ''], ['stream', 5], ['stream', ['audit']], ['stream', undefined], ['stream', ' '],
  ['id', ''], ['id', 12], ['id', null], ['id', undefined],
  ['fetchedAt', 't'], ['fetchedAt', ''], ['fetchedAt', 1_700_000_000_000], ['fetchedAt', null], ['fetchedAt', undefined],
  ['fetchedAt', '2026-11-10'], ['fetchedAt', '2026-11-10 09:00:00'], ['fetchedAt', '2026-11-10T09:00:00.123+02:00'],
  ['fetchedAt', '2026-13-40T09:00:00Z'], ['fetchedAt', ' 2026-11-10T09:00:00Z '],
  ['record', null], ['record', []], ['record', 'x'], ['record', 0], ['record', undefined], ['record', {}], ['record', { a: [1] }],
];

describe('EnvelopeReader: the hand check accepts exactly what EnvelopeSchema accepts', () => {
  it.each(variants)('%s = %j', (field, value) => {
    const line = { ...good, [field]: value };
    if (value === undefined) delete (line as Record<string, unknown>)[field];
    expect(new EnvelopeReader().item(line, pos)).toEqual(bySchema(line));
  });

  it.each([null, [], 'text', 42, true, [good]])('a line holding %j is no envelope', (value) => {
    const out = new EnvelopeReader().item(value, pos);
    expect(out).toEqual(bySchema(value));
    expect(out.kind).toBe('reject');
  });

  it('keeps unknown envelope keys out of the item and hands the record itself on, uncopied', () => {
    const line = { ...good, extra: 'x' };
    const out = new EnvelopeReader().item(line, pos);
    expect(out).toEqual(bySchema(line));
    expect(out.kind === 'record' && out.record).toBe(line.record);
  });

  it('parses each distinct fetchedAt of a stream of lines right, whatever came before (a bad time after a good one)', () => {
    const reader = new EnvelopeReader();
    const times = ['2026-11-10T09:00:00Z', '2026-11-10T09:00:00Z', 'nope', '2026-11-10T09:05:00Z', 'nope', '2026-11-10T09:00:00Z'];
    const out = times.map((fetchedAt) => reader.item({ ...good, fetchedAt }, pos));
    expect(out).toEqual(times.map((fetchedAt) => bySchema({ ...good, fetchedAt })));
    expect(out.map((o) => o.kind)).toEqual(['record', 'record', 'reject', 'record', 'reject', 'record']);
  });

  it('gives each item its own ref, a copy of the position at its line', () => {
    const p = { file: 'f', line: 1 };
    const reader = new EnvelopeReader();
    const a = reader.item(good, p);
    p.line = 2;
    const b = reader.item(good, p);
    expect([a.kind === 'record' && a.ref, b.kind === 'record' && b.ref]).toEqual([{ file: 'f', line: 1 }, { file: 'f', line: 2 }]);
  });
});
