import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { normalizeM365 } from '../../../../lib/core/normalize/m365/index.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const dir = path.join(path.resolve(repoRoot, '..', 'shared', 'samples-public'), 'm365');

/** Elastic test files wrap each raw record as a JSON string in `events[].event.original`; the msdocs extract is a bare array. */
function readRecords(file: string): Record<string, unknown>[] {
  const parsed: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  if (Array.isArray(parsed)) return parsed as Record<string, unknown>[];
  const events = (parsed as { events: { event: { original: string } }[] }).events;
  return events.map((e) => JSON.parse(e.event.original) as Record<string, unknown>);
}

function run(file: string, patch: (r: Record<string, unknown>) => Record<string, unknown> = (r) => r) {
  const events: NormalizedEvent[] = [];
  const reasons: string[] = [];
  readRecords(file).forEach((record, i) => {
    const id = typeof record.Id === 'string' ? record.Id : `${file}:${i + 1}`;
    const out = normalizeM365({ record: patch(record), stream: 'sample', id, ref: { file, line: i + 1 } }, newNormalizeContext());
    if (out.ok) events.push(...out.events.map((e) => NormalizedEventSchema.parse(e)));
    else reasons.push(out.reason);
  });
  return { events, reasons };
}

/** Measured on the stored samples: records, records normalized, records rejected, events produced. */
const expected: Record<string, { records: number; normalized: number; rejected: number; events: number }> = {
  'integrations-test-exchange-item-events.json': { records: 9, normalized: 9, rejected: 0, events: 9 },
  'integrations-test-ip-formats-events.json': { records: 15, normalized: 0, rejected: 15, events: 0 },
  'integrations-test-ms-teams-events.json': { records: 5, normalized: 5, rejected: 0, events: 8 },
  'integrations-test-sharepointfileop-events.json': { records: 12, normalized: 12, rejected: 0, events: 12 },
  'integrations-test-sp-sharing-op-events.json': { records: 10, normalized: 10, rejected: 0, events: 10 },
  'integrations-test-stringly-json-events.json': { records: 2, normalized: 2, rejected: 0, events: 2 },
  'msdocs-retrieve-content-sample.json': { records: 3, normalized: 3, rejected: 0, events: 3 },
};

describe.skipIf(!existsSync(dir))('m365 normalizer on public samples', () => {
  it.each(Object.entries(expected))('%s', (file, want) => {
    const records = readRecords(file).length;
    const { events, reasons } = run(file);
    const normalized = records - reasons.length;
    console.log(`m365 sample ${file}: records=${records} normalized=${normalized} rejected=${reasons.length} events=${events.length}`
      + (reasons.length ? ` reasons=${[...new Set(reasons)].join(',')}` : ''));
    expect({ records, normalized, rejected: reasons.length, events: events.length }).toEqual(want);
  });

  it('ip-formats records name nobody (missing-actor); given an actor, only IP literals survive cleaning', () => {
    const file = 'integrations-test-ip-formats-events.json';
    expect(new Set(run(file).reasons)).toEqual(new Set(['missing-actor']));
    const { events } = run(file, (r) => ({ ...r, UserId: 'probe@contoso.com', Operation: 'Probe' }));
    expect(events).toHaveLength(15);
    const ips = events.map((e) => e.src?.ip);
    expect(ips.filter((ip) => ip !== undefined).sort()).toEqual([
      '10.11.12.13', '10.11.12.13', '10.11.12.13', '10.11.12.13',
      '2001:db8::abcd', '2001:db8::abcd', '2001:db8::abcd',
      '::ffff:10.11.12.13', '::ffff:10.11.12.13',
    ]);
  });

  it('maps the sample operations the detectors need', () => {
    const sharing = run('integrations-test-sp-sharing-op-events.json').events;
    expect(sharing.find((e) => e.vendorAction === 'AnonymousLinkCreated')).toMatchObject({ action: 'public_link', app: 'onedrive', object: { type: 'file' } });
    expect(sharing.filter((e) => e.actor.id === 'app@sharepoint').every((e) => e.actor.type === 'system' && e.src === undefined)).toBe(true);

    const files = run('integrations-test-sharepointfileop-events.json').events;
    expect(files.filter((e) => e.action === 'file_access').every((e) => e.object?.type === 'file' && e.object.id?.startsWith('https://'))).toBe(true);

    const teams = run('integrations-test-ms-teams-events.json').events;
    const added = teams.filter((e) => e.action === 'member_added');
    expect(added.length).toBe(5);
    // Members share the actor's tenant domain here: members, not external parties.
    expect(added.every((e) => typeof e.details?.member === 'string' && (e.external === undefined || e.details?.guest === true))).toBe(true);
    expect(teams.find((e) => e.vendorAction === 'TeamCreated')?.actor).toEqual({ id: 'application', type: 'app' });

    const exchange = run('integrations-test-exchange-item-events.json').events;
    expect(exchange.every((e) => e.actor.type === 'system' && e.src?.ip === '::1')).toBe(true);

    const docs = run('msdocs-retrieve-content-sample.json').events;
    expect(docs.map((e) => e.action)).toEqual(['login_failed', 'login', 'user_created']);
  });
});
