import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { normalizeM365 } from '../../../../lib/core/normalize/m365/index.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';
import type { NormalizeOutcome } from '../../../../lib/core/normalize/types.ts';

const fixtureDir = path.resolve(import.meta.dirname, '../../../fixtures/m365');

export type BlobName = 'audit-sharepoint-blob' | 'audit-exchange-blob' | 'audit-general-blob' | 'audit-aad-blob';

/** A content blob body as the Management Activity API returns it: a JSON array of audit records. */
export function loadBlob(name: BlobName): Record<string, unknown>[] {
  return JSON.parse(readFileSync(path.join(fixtureDir, `${name}.json`), 'utf8')) as Record<string, unknown>[];
}

/** The one record of a blob with this `Id` prefix (fixture ids are unique in their first 13 characters). */
export function recordById(blob: Record<string, unknown>[], idPrefix: string): Record<string, unknown> {
  const found = blob.filter((r) => typeof r.Id === 'string' && r.Id.startsWith(idPrefix));
  expect(found, `fixture ${idPrefix}`).toHaveLength(1);
  return structuredClone(found[0]!);
}

export function normalize(record: Record<string, unknown>, stream = 'Audit.General'): NormalizeOutcome {
  const rawId: unknown = typeof record === 'object' && record !== null ? record.Id : undefined;
  const id = typeof rawId === 'string' ? rawId : 'no-id';
  return normalizeM365({ record, stream, id, ref: { file: 'fixture', line: 1 } }, newNormalizeContext());
}

/** Normalizes a record that must succeed; every event must satisfy the contract schema. */
export function eventsOf(record: Record<string, unknown>, stream?: string): NormalizedEvent[] {
  const out = normalize(record, stream);
  if (!out.ok) throw new Error(`expected events, got reject ${out.reason}: ${out.detail ?? ''}`);
  for (const e of out.events) NormalizedEventSchema.parse(e);
  return out.events;
}

export function onlyEvent(record: Record<string, unknown>, stream?: string): NormalizedEvent {
  const events = eventsOf(record, stream);
  expect(events).toHaveLength(1);
  return events[0]!;
}
