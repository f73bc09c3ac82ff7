import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbState } from '../../../lib/adapters/state/dynamodb-state.ts';
import { DynamoDbStoreError } from '../../../lib/adapters/state/dynamodb-errors.ts';
import { itemBytes } from '../../../lib/adapters/state/item-size.ts';
import { bodyText, encodeBody } from '../../../lib/adapters/state/state-item-codec.ts';
import type { IdentityState, Profile } from '../../../lib/core/state.ts';
import { startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import type { DynamoDbLocal } from '../../support/dynamodb-local.ts';

const T0 = Date.parse('2026-11-20T00:00:00Z');
const noChanges = { profiles: [], identities: [], tenant: null };

/** A profile with 60 days of two metrics and a few hundred first-seen values: the shape of a busy 66-day profile. */
function busyProfile(key: string): Profile {
  const days = Array.from({ length: 60 }, (_, n) => 20_400 + n);
  const metric = () => ({ d: [...days], v: days.map((d) => (d * 7919) % 5000), p: days.map((d) => (d * 31) % 900), h: days.map((d) => d % 24) });
  const values = Array.from({ length: 300 }, (_, n) => `doc-${(n * 2654435761) % 1_000_003}.xlsx`);
  return {
    key, version: 0, format: 2, source: 'm365', id: key.split(':')[1]!, identity: 'alice@example.com', batches: ['AAAAAAAAAAAA'],
    firstSeen: T0 - 60 * 86_400_000, lastSeen: T0, act: days.flatMap((d) => [d, 0xff00, 1]),
    metrics: { 'files.m365': metric(), 'mail.items': metric() },
    seen: { resource: { v: values, f: values.map((_, n) => 20_400 + (n % 60)), t: values.map(() => 20_459) } },
    recent: { 'files.m365': Array.from({ length: 200 }, (_, n) => [T0 - n * 300_000, n % 7] as [number, number]) },
  };
}

let ddb: DynamoDbLocal;
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
});
afterAll(async () => {
  await ddb?.stop();
});

const raw = async (table: string, pk: string) => (await ddb.doc.send(new GetCommand({ TableName: table, Key: { pk }, ConsistentRead: true }))).Item!;
const puts = (sent: { name: string; input: Record<string, unknown> }[]) =>
  sent.filter((c) => c.name === 'PutItemCommand').map((c) => String((c.input.Item as { pk: string }).pk));

describe('DynamoDbState item encoding', () => {
  it('stores the body as one compressed binary attribute; pk, version and ttl stay plain', async () => {
    const table = await ddb.createStateTable();
    const state = new DynamoDbState({ table, doc: ddb.doc, now: () => T0 });
    const p = busyProfile('m365:alice');
    await state.save({ ...noChanges, profiles: [p] });
    const item = await raw(table, 'profile#m365:alice');
    expect(Object.keys(item).sort()).toEqual(['b', 'pk', 'ttl', 'version']);
    expect(item.b).toBeInstanceOf(Uint8Array);
    expect(item.version).toBe(1);
    expect(typeof item.ttl).toBe('number');
    const json = Buffer.byteLength(JSON.stringify(p));
    // Billed on the encoded size: well under half the JSON for a profile of this shape.
    expect(itemBytes(item)).toBeLessThan(json / 2);
    expect((await state.load({ principals: ['m365:alice'], identities: [] })).profiles.get('m365:alice')).toEqual({ ...p, version: 1 });
  });

  it('reads an item of the earlier plain-JSON layout and rewrites it compressed on the next save, even unchanged', async () => {
    const table = await ddb.createStateTable();
    const p = busyProfile('m365:old');
    const { version: _v, ...json } = p;
    await ddb.doc.send(new PutCommand({ TableName: table, Item: { pk: 'profile#m365:old', version: 3, data: JSON.stringify(json) } }));
    const state = new DynamoDbState({ table, doc: ddb.doc, now: () => T0 });
    const loaded = (await state.load({ principals: ['m365:old'], identities: [] })).profiles.get('m365:old')!;
    expect(loaded).toEqual({ ...p, version: 3 });
    await state.save({ ...noChanges, profiles: [loaded] });
    const item = await raw(table, 'profile#m365:old');
    expect(item.data).toBeUndefined();
    expect(item.b).toBeInstanceOf(Uint8Array);
    expect(item.version).toBe(4);
  });

  it('writes nothing for items whose content is what was read, or whose only change is a batch marker', async () => {
    const table = await ddb.createStateTable();
    await new DynamoDbState({ table, doc: ddb.doc, now: () => T0 }).save({
      profiles: [busyProfile('m365:a'), busyProfile('m365:b'), busyProfile('m365:c')],
      identities: [{ key: 'alice@example.com', version: 0, alerts: [], signals: [] }],
      tenant: { key: 'tenant', version: 0, seen: {} },
    });
    const rec = ddb.recordingDoc();
    const state = new DynamoDbState({ table, doc: rec.doc, now: () => T0 });
    const snap = await state.load({ principals: ['m365:a', 'm365:b', 'm365:c'], identities: ['alice@example.com'] });
    const [a, b, c] = ['m365:a', 'm365:b', 'm365:c'].map((k) => snap.profiles.get(k)!) as [Profile, Profile, Profile];
    a.batches.push('BBBBBBBBBBBB'); // marker only
    c.batches.push('BBBBBBBBBBBB');
    c.act.push(20_460, 1, 0); // a real change
    rec.sent.length = 0;
    await state.save({ profiles: [a, b, c], identities: [snap.identities.get('alice@example.com')!], tenant: snap.tenant });
    expect(puts(rec.sent)).toEqual(['profile#m365:c']);
    expect(state.lastSave).toEqual({ written: 1, unchanged: 4 });
    const after = await state.load({ principals: ['m365:a', 'm365:b', 'm365:c'], identities: [] });
    expect(after.profiles.get('m365:a')!.version).toBe(1);
    expect(after.profiles.get('m365:a')!.batches).toEqual(['AAAAAAAAAAAA']);
    expect(after.profiles.get('m365:c')).toMatchObject({ version: 2, batches: ['AAAAAAAAAAAA', 'BBBBBBBBBBBB'] });
  });

  it('writes an item whose ttl would change, and compares against the version read, not another', async () => {
    const table = await ddb.createStateTable();
    const ident: IdentityState = { key: 'bob@example.com', version: 0, alerts: [], signals: [{ detector: 'd', technique: 't', weight: 1, time: T0, principal: 'slack:U1' }] };
    await new DynamoDbState({ table, doc: ddb.doc, now: () => T0 }).save({ ...noChanges, identities: [ident] });
    const rec = ddb.recordingDoc();
    const longer = new DynamoDbState({ table, doc: rec.doc, now: () => T0, identityTtlDays: 180 });
    const loaded = (await longer.load({ principals: [], identities: ['bob@example.com'] })).identities.get('bob@example.com')!;
    rec.sent.length = 0;
    await longer.save({ ...noChanges, identities: [loaded] });
    expect(puts(rec.sent)).toEqual(['identity#bob@example.com']);
    // A stale copy (version 1, now 2 stored) is written and conflicts rather than being taken as unchanged.
    await expect(longer.save({ ...noChanges, identities: [loaded] })).rejects.toThrow(/changed since it was read/);
  });

  it('refuses a body it cannot decode with DynamoDbStoreError naming the item', async () => {
    const table = await ddb.createStateTable();
    const body = encodeBody(bodyText({ key: 'm365:x', version: 0 }));
    await ddb.doc.send(new PutCommand({ TableName: table, Item: { pk: 'profile#m365:x', version: 1, b: body.subarray(0, body.length - 2) } }));
    await ddb.doc.send(new PutCommand({ TableName: table, Item: { pk: 'profile#m365:y', version: 1, b: Uint8Array.of(9, 1, 2) } }));
    const state = new DynamoDbState({ table, doc: ddb.doc, now: () => T0 });
    await expect(state.load({ principals: ['m365:x'], identities: [] })).rejects.toThrow(DynamoDbStoreError);
    await expect(state.load({ principals: ['m365:x'], identities: [] })).rejects.toThrow(/profile#m365:x/);
    await expect(state.load({ principals: ['m365:y'], identities: [] })).rejects.toThrow(/unknown body format 9/);
  });

  it('refuses a body without a key, and hands back the rest of a body as it was written, with the version read', async () => {
    const table = await ddb.createStateTable();
    for (const [pk, key] of [['profile#m365:nokey', undefined], ['profile#m365:emptykey', ''], ['profile#m365:numkey', 7]] as const) {
      const b = encodeBody(bodyText({ version: 0, source: 'm365', ...(key === undefined ? {} : { key }) } as unknown as { key: string; version: number }));
      await ddb.doc.send(new PutCommand({ TableName: table, Item: { pk, version: 2, b } }));
    }
    const state = new DynamoDbState({ table, doc: ddb.doc, now: () => T0 });
    for (const k of ['m365:nokey', 'm365:emptykey', 'm365:numkey']) {
      await expect(state.load({ principals: [k], identities: [] })).rejects.toThrow(new RegExp(`profile#${k} has no key`));
    }
    const odd = { key: 'm365:odd', version: 0, source: 'm365', extra: { nested: [1, 'two'] } };
    await ddb.doc.send(new PutCommand({ TableName: table, Item: { pk: 'profile#m365:odd', version: 5, b: encodeBody(bodyText(odd)) } }));
    const snap = await state.load({ principals: ['m365:odd'], identities: [] });
    expect(snap.profiles.get('m365:odd')).toEqual({ ...odd, version: 5 });
  });
});
