import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbState } from '../../lib/adapters/state/dynamodb-state.ts';
import { itemBytes, STATE_ITEM_BUDGET } from '../../lib/adapters/state/item-size.ts';
import { alertPublishInput } from '../../lib/adapters/alerts/sns-alert-publisher.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { parseConfig } from '../../lib/core/config.ts';
import { DetectionRun } from '../../lib/core/engine.ts';
import type { Source } from '../../lib/core/event.ts';
import { IDENTITY_BUDGET, PROFILE_BUDGET, TENANT_BUDGET } from '../../lib/core/item-budget.ts';
import { newNormalizeContext, normalizeRecord } from '../../lib/core/normalize/index.ts';
import type { StateChanges } from '../../lib/core/state.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../support/dynamodb-local.ts';
import { incompressible } from '../support/incompressible.ts';
import { storedItemBytes } from '../support/table-items.ts';

/**
 * Issue 13 "Every item fits, under any input": hostile and high-volume input through the real normalizers and core,
 * saved to DynamoDB Local. Each case grew an item past 400 KB before (review P0-3, P1-11).
 */
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const config = parseConfig({ org: { internalDomains: ['example.com'] } });

let ddb: DynamoDbLocal;
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
});
afterAll(async () => {
  await ddb?.stop();
});

/** One batch of vendor records through normalize → core, its state saved to a fresh DynamoDB Local table. */
async function detectAndSave(records: Array<{ source: Source; stream: string; record: Record<string, unknown> }>, asOf: number) {
  const ctx = newNormalizeContext(fixedClock(asOf));
  const run = new DetectionRun(config, fixedClock(asOf));
  records.forEach((r, i) => {
    const out = normalizeRecord(r.source, { record: r.record, stream: r.stream, id: `r${i}`, ref: { file: 'hostile', line: i + 1 } }, ctx);
    if (!out.ok) throw new Error(`rejected: ${out.reason}`);
    for (const e of out.events) run.add(e);
  });
  const table = await ddb.createStateTable();
  const state = new DynamoDbState({ table, doc: ddb.doc, now: () => asOf });
  const snapshot = await state.load(run.keys());
  const needed = run.evaluate(snapshot, 'hostile-batch');
  const result = run.correlate((await state.load(needed)).identities);
  await state.save(result.changes);
  const stored = await storedItemBytes(ddb.doc, table);
  // What DynamoDB holds is the encoded item: that is what its 400 KB limit and the adapter's budget apply to.
  for (const [pk, bytes] of stored) expect(bytes, pk).toBeLessThanOrEqual(STATE_ITEM_BUDGET);
  return { result, stored, saved: await state.load({ principals: run.keys().principals, identities: needed.identities }) };
}

const bytesOf = (changes: StateChanges) => ({
  profiles: Math.max(0, ...changes.profiles.map((p) => itemBytes({ pk: `p#${p.key}`, data: JSON.stringify(p) }))),
  identities: Math.max(0, ...changes.identities.map((i) => itemBytes({ pk: `i#${i.key}`, data: JSON.stringify(i) }))),
  tenant: changes.tenant ? itemBytes({ pk: 'tenant', data: JSON.stringify(changes.tenant) }) : 0,
});

describe('state items fit whatever the input (DynamoDB Local)', () => {
  it('200 caller-chosen Salesforce client names of 2.5 KB: the profile stays small, the alert lists 10 and fits SNS', async () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      source: 'salesforce' as const, stream: 'rtem:ApiEvent', record: {
        attributes: { type: 'ApiEvent' }, EventIdentifier: `ev-${i}`, EventDate: new Date(T0 + i * 1000).toISOString(),
        UserId: '0055e000008hWkzAAE', Username: 'carol@example.com', SourceIp: '185.220.101.44', QueriedEntities: 'Contact',
        RowsProcessed: 500, Client: `python-${'x'.repeat(2_500)}-${i}`,
      },
    }));
    const { result, saved } = await detectAndSave(records, T0 + 3_600_000);
    const b = bytesOf(result.changes);
    expect(b.profiles).toBeLessThan(20_000); // 493 KB before: the set kept every name whole
    expect(saved.profiles.size).toBe(1);
    for (const a of result.alerts) {
      expect(a.title.length).toBeLessThan(1_000);
      expect(Buffer.byteLength(JSON.stringify(a))).toBeLessThan(64 * 1024);
      const input = alertPublishInput('arn:aws:sns:eu-west-1:111122223333:alerts', a);
      expect(Buffer.byteLength(String(input.Message))).toBeLessThan(256 * 1024);
    }
  });

  it('4,000 vendor anomalies for one person: the identity item sheds its oldest signals and stays under its budget', async () => {
    const records = Array.from({ length: 4_000 }, (_, i) => ({
      source: 'slack' as const, stream: 'audit', record: {
        id: `a-${i}`, date_create: Math.floor((T0 + i * 9_000) / 1000), action: 'anomaly',
        actor: { type: 'user', user: { id: 'W0NOISY', name: 'Noisy', email: 'noisy@example.com', team: 'T1' } },
        entity: { type: 'user', user: { id: 'W0NOISY', name: 'Noisy' } },
        context: { location: { type: 'workspace', id: 'T1', name: 'Ex', domain: 'ex' }, ua: 'Mozilla/5.0', ip_address: '203.0.113.5' },
        details: { action_timestamp: T0 + i * 9_000, reason: ['unexpected_scraping'] },
      },
    }));
    const { result, saved } = await detectAndSave(records, T0 + 11 * 3_600_000);
    const b = bytesOf(result.changes);
    expect(b.identities).toBeLessThanOrEqual(IDENTITY_BUDGET + 200); // 509 KB before

    expect(saved.identities.get('noisy@example.com')).toBeDefined();
    // One marker per kind and hour, whatever the events: 11 hours of anomalies, not 4,000 markers.
    const markers = saved.identities.get('noisy@example.com')!.signals.filter((s) => s.kind === 'compromise');
    expect(markers.length).toBeLessThanOrEqual(12);
  });

  it('64 distinct files downloaded every 5 minutes for three days: the profile sheds its oldest buckets and fits', async () => {
    const records = Array.from({ length: 3 * 288 * 64 }, (_, i) => ({
      source: 'slack' as const, stream: 'audit', record: {
        id: `d-${i}`, date_create: Math.floor((T0 + Math.floor(i / 64) * 300_000 + (i % 64) * 1000) / 1000), action: 'file_downloaded',
        actor: { type: 'user', user: { id: 'W0HEAVY', name: 'Heavy', email: 'heavy@example.com', team: 'T1' } },
        entity: { type: 'file', file: { id: `F${i}`, name: `f-${i}.pdf`, title: `f-${i}.pdf`, filetype: 'application/pdf' } },
        context: { location: { type: 'workspace', id: 'T1', name: 'Ex', domain: 'ex' }, ua: 'Mozilla/5.0', ip_address: `198.51.100.${i % 200}` },
      },
    }));
    const { result, saved } = await detectAndSave(records, T0 + 3 * 86_400_000 + 3_600_000);
    expect(bytesOf(result.changes).profiles).toBeLessThanOrEqual(PROFILE_BUDGET + 200);
    // The shedding is reported (the Lambda counts it as ItemsShed and logs it), and the profile was written.
    expect(result.stats.shed.map((x) => x.key)).toEqual(['slack:W0HEAVY']);
    expect(saved.profiles.get('slack:W0HEAVY')?.recent['files.slack']?.length).toBeGreaterThan(0);
  });

  it('20,000 external domains in the tenant: the tenant item is bounded and only the newest are kept', async () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({
      source: 'slack' as const, stream: 'audit', record: {
        id: `c-${i}`, date_create: Math.floor((T0 + i * 100) / 1000), action: 'external_shared_channel_invite_sent',
        actor: { type: 'user', user: { id: `W${i % 50}`, name: 'Someone', email: `u${i % 50}@example.com`, team: 'T1' } },
        entity: { type: 'channel', channel: { id: `C${i}`, name: `shared-${i}`, privacy: 'public' } },
        context: { location: { type: 'workspace', id: 'T1', name: 'Ex', domain: 'ex' }, ua: 'Mozilla/5.0', ip_address: '203.0.113.5' },
        details: { external_organization_name: `Org ${i}`, external_organization_domain: `partner-${i}.example.net`, invitee_email: `x@partner-${i}.example.net` },
      },
    }));
    const { result } = await detectAndSave(records, T0 + 3_600_000);
    const b = bytesOf(result.changes);
    expect(b.tenant).toBeGreaterThan(0);
    expect(b.tenant).toBeLessThanOrEqual(TENANT_BUDGET + 200);
    expect(b.tenant).toBeLessThan(STATE_ITEM_BUDGET);
    expect(result.changes.tenant!.seen['extDomain']!.v.length).toBeLessThanOrEqual(2_000);
    expect(b.profiles).toBeLessThanOrEqual(PROFILE_BUDGET);
  });
  it('a profile at its budget of high-entropy names: compression cannot help, the encoded item still fits', async () => {
    // As the 64-files case, with file names and user agents no compressor shrinks (short enough to be kept whole).
    const records = Array.from({ length: 3 * 288 * 64 }, (_, i) => ({
      source: 'slack' as const, stream: 'audit', record: {
        id: `e-${i}`, date_create: Math.floor((T0 + Math.floor(i / 64) * 300_000 + (i % 64) * 1000) / 1000), action: 'file_downloaded',
        actor: { type: 'user', user: { id: 'W0ENTROPY', name: 'Entropy', email: 'entropy@example.com', team: 'T1' } },
        entity: { type: 'file', file: { id: `F${i}`, name: `${incompressible(24, `f${i}`)}.pdf`, title: 'x.pdf', filetype: 'application/pdf' } },
        context: { location: { type: 'workspace', id: 'T1', name: 'Ex', domain: 'ex' }, ua: `Mozilla/5.0 ${incompressible(20, `u${i}`)}`, ip_address: `198.51.100.${i % 200}` },
      },
    }));
    const { result, stored } = await detectAndSave(records, T0 + 3 * 86_400_000 + 3_600_000);
    const json = bytesOf(result.changes).profiles;
    const encoded = stored.get('profile#slack:W0ENTROPY')!;
    expect(result.stats.shed.map((x) => x.key)).toEqual(['slack:W0ENTROPY']);
    expect(json).toBeGreaterThan(PROFILE_BUDGET / 2); // shed a quarter at a time from over the budget
    // Much of its JSON survives compression (a 66-day profile keeps about a fifth), and it is under the budget.
    expect(encoded).toBeGreaterThan(json / 3);
    expect(encoded).toBeLessThan(STATE_ITEM_BUDGET);
  });
});
