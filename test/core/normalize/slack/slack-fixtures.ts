import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import { normalizeSlack } from '../../../../lib/core/normalize/slack/index.ts';
import type { NormalizeOutcome } from '../../../../lib/core/normalize/types.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'slack');

/** Our own Slack audit entries (test/fixtures/slack/audit-entries.ndjson), written from api-contracts.md §3.4–3.7. */
export const entries: Record<string, unknown>[] = readFileSync(join(FIXTURES, 'audit-entries.ndjson'), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);

/** The fixture entries with a given action, in file order. */
export const withAction = (action: string): Record<string, unknown>[] => entries.filter((e) => e['action'] === action);

export const firstWithAction = (action: string): Record<string, unknown> => {
  const found = withAction(action)[0];
  if (!found) throw new Error(`fixture has no ${action} entry`);
  return found;
};

export function run(record: Record<string, unknown>, id = String(record['id'] ?? 'no-id'), line = 1): NormalizeOutcome {
  return normalizeSlack({ record, stream: 'audit', id, ref: { file: 'audit-entries.ndjson', line } }, newNormalizeContext());
}

/** Normalize an entry that must yield exactly one valid event. */
export function one(record: Record<string, unknown>): NormalizedEvent {
  const out = run(record);
  if (!out.ok) throw new Error(`unexpected reject ${out.reason}: ${out.detail ?? ''}`);
  expect(out.events).toHaveLength(1);
  return NormalizedEventSchema.parse(out.events[0]);
}

/** Deep copy of a fixture entry, to mutate one field for a quirk. */
export const clone = (record: Record<string, unknown>): Record<string, any> => structuredClone(record) as Record<string, any>;
