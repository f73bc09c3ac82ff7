import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbState } from '../../../lib/adapters/state/dynamodb-state.ts';
import { BATCH_GET_MAX_KEYS, batchGetByPk } from '../../../lib/adapters/state/dynamodb-batch-get.ts';
import { DynamoDbStoreError } from '../../../lib/adapters/state/dynamodb-errors.ts';
import { ItemTooLargeError, STATE_ITEM_BUDGET } from '../../../lib/adapters/state/item-size.ts';
import type { IdentityState, Profile, StatePort } from '../../../lib/core/state.ts';
import { StateConflictError } from '../../../lib/core/state.ts';
import { startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import { incompressible } from '../../support/incompressible.ts';
import type { DynamoDbLocal } from '../../support/dynamodb-local.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');

function profile(key: string, over: Partial<Profile> = {}): Profile {
  const [source = 'salesforce', id = key] = key.split(':');
  return {
    key, version: 0, source, id, identity: `${id}@example.com`, batches: [], firstSeen: T0, lastSeen: T0,
    act: [], metrics: {}, seen: {}, recent: {}, ...over,
  };
}

const noChanges = { profiles: [], identities: [], tenant: null };

let ddb: DynamoDbLocal;
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
});
afterAll(async () => {
  await ddb?.stop();
});

async function freshState(now = () => T0): Promise<{ table: string; state: DynamoDbState }> {
  const table = await ddb.createStateTable();
  return { table, state: new DynamoDbState({ table, doc: ddb.doc, now }) };
}

describe('DynamoDbState', () => {
  it('round-trips profiles, identities and the tenant, bumping each version on save', async () => {
    const { state } = await freshState();
    const empty = await state.load({ principals: ['salesforce:u1'], identities: ['u1@example.com'] });
    expect(empty.profiles.size).toBe(0);
    expect(empty.identities.size).toBe(0);
    expect(empty.tenant).toEqual({ key: 'tenant', version: 0, seen: {} });

    const p = profile('salesforce:u1', { act: [20500, 512, 1], metrics: { rows: { d: [20499, 20500], v: [3, 7], p: [3, 5], h: [9, 10] } } });
    const i: IdentityState = { key: 'u1@example.com', version: 0, alerts: [], signals: [{ detector: 'd', technique: 'T1213.004', weight: 1, time: T0, principal: 'salesforce:u1' }] };
    await state.save({ profiles: [p], identities: [i], tenant: { key: 'tenant', version: 0, seen: { domains: { v: ['acme.com'], f: [20500], t: [20500] } } } });

    const got = await state.load({ principals: ['salesforce:u1'], identities: ['u1@example.com'] });
    expect(got.profiles.get('salesforce:u1')).toEqual({ ...p, version: 1 });
    expect(got.identities.get('u1@example.com')).toEqual({ ...i, version: 1 });
    expect(got.tenant).toEqual({ key: 'tenant', version: 1, seen: { domains: { v: ['acme.com'], f: [20500], t: [20500] } } });

    const changed = got.profiles.get('salesforce:u1')!;
    changed.lastSeen += 1;
    await state.save({ ...noChanges, profiles: [changed] });
    expect((await state.load({ principals: ['salesforce:u1'], identities: [] })).profiles.get('salesforce:u1')!.version).toBe(2);
  });

  it('rejects a write made against a stale version with StateConflictError', async () => {
    const { state } = await freshState();
    await state.save({ ...noChanges, profiles: [profile('slack:U1')] });
    const stale = profile('slack:U1'); // version 0: "must not exist", but it does
    await expect(state.save({ ...noChanges, profiles: [stale] })).rejects.toBeInstanceOf(StateConflictError);
    const loaded = (await state.load({ principals: ['slack:U1'], identities: [] })).profiles.get('slack:U1')!;
    loaded.lastSeen += 1; // a change: an unchanged item is not written at all
    await state.save({ ...noChanges, profiles: [loaded] });
    const err = await state.save({ ...noChanges, profiles: [loaded] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateConflictError);
    expect((err as StateConflictError).key).toBe('slack:U1');
  });

  it('loses no update when concurrent writers race on one profile: losers reload and retry', async () => {
    const { table } = await freshState();
    const key = 'm365:alice';
    const writers = 4;
    const rounds = 3;
    let conflicts = 0;
    // Every writer loads before any saves (a barrier per round), so all but one of them must lose each race.
    const barrier = makeBarrier(writers);
    const increment = async (s: StatePort, round: number): Promise<void> => {
      let first = true;
      for (;;) {
        const snap = await s.load({ principals: [key], identities: [] });
        const cur = snap.profiles.get(key) ?? profile(key);
        if (first) {
          await barrier(round);
          first = false;
        }
        try {
          await s.save({ ...noChanges, profiles: [{ ...cur, act: [...cur.act, cur.act.length] }] });
          return;
        } catch (err) {
          if (!(err instanceof StateConflictError)) throw err;
          conflicts++;
        }
      }
    };
    const states = Array.from({ length: writers }, () => new DynamoDbState({ table, doc: ddb.doc, now: () => T0 }));
    for (let round = 0; round < rounds; round++) await Promise.all(states.map((s) => increment(s, round)));

    const final = (await states[0]!.load({ principals: [key], identities: [] })).profiles.get(key)!;
    expect(final.act).toEqual(Array.from({ length: writers * rounds }, (_, n) => n));
    expect(final.version).toBe(writers * rounds);
    expect(conflicts).toBeGreaterThanOrEqual(rounds * (writers - 1));
  });

  it('reads more than 100 keys in BatchGet chunks of at most 100', async () => {
    const { state } = await freshState();
    const keys = Array.from({ length: 260 }, (_, n) => `slack:U${String(n).padStart(4, '0')}`);
    await state.save({ ...noChanges, profiles: keys.map((k) => profile(k)) });
    const wanted = [...keys, 'slack:missing-1', 'slack:missing-2'];
    const snap = await state.load({ principals: wanted, identities: [] });
    expect(snap.profiles.size).toBe(260);
    expect([...snap.profiles.keys()].sort()).toEqual(keys);
    expect(snap.profiles.get('slack:U0259')!.id).toBe('U0259');
  });

  it('treats an item whose ttl has passed as absent, and lets a new item replace it', async () => {
    const at = T0;
    const { table, state } = await freshState(() => at);
    const ident: IdentityState = { key: 'bob@example.com', version: 0, alerts: [{ id: 'a1', detector: 'd', technique: 'T1213.005', tier: 1, time: at, principal: 'slack:U2', rollup: 0 }], signals: [] };
    await state.save({ ...noChanges, identities: [ident] });
    const before = new DynamoDbState({ table, doc: ddb.doc, now: () => at + 89 * DAY, identityTtlDays: 90 });
    expect((await before.load({ principals: [], identities: ['bob@example.com'] })).identities.get('bob@example.com')?.version).toBe(1);

    const after = new DynamoDbState({ table, doc: ddb.doc, now: () => at + 91 * DAY, identityTtlDays: 90 });
    const snap = await after.load({ principals: [], identities: ['bob@example.com'] });
    expect(snap.identities.has('bob@example.com')).toBe(false);
    // Still physically there (DynamoDB deletes lazily): a version-0 write must replace it, not conflict.
    await after.save({ ...noChanges, identities: [{ ...ident, alerts: [{ ...ident.alerts[0]!, time: at + 91 * DAY }] }] });
    const fresh = (await after.load({ principals: [], identities: ['bob@example.com'] })).identities.get('bob@example.com')!;
    expect(fresh.version).toBe(1);
    expect(fresh.alerts[0]!.time).toBe(at + 91 * DAY);
  });

  it('keeps an identity\'s exfiltration-chain steps, and ages out an identity that has only those', async () => {
    const at = T0;
    const { table, state } = await freshState(() => at);
    const ident: IdentityState = {
      key: 'eve@example.com', version: 0, alerts: [], signals: [],
      chain: [{ role: 'collection', time: at, source: 'salesforce', app: 'salesforce', action: 'export', principal: 'salesforce:E1', event: 'e1', object: 'My Contacts' }],
    };
    await state.save({ ...noChanges, identities: [ident] });
    expect((await state.load({ principals: [], identities: ['eve@example.com'] })).identities.get('eve@example.com')).toEqual({ ...ident, version: 1 });
    const after = new DynamoDbState({ table, doc: ddb.doc, now: () => at + 91 * DAY, identityTtlDays: 90 });
    expect((await after.load({ principals: [], identities: ['eve@example.com'] })).identities.has('eve@example.com')).toBe(false);
  });

  it('writes identities and the tenant before profiles: a lost identity race leaves the profile unwritten (P1-7)', async () => {
    const { table, state } = await freshState();
    const ident = (signals: number): IdentityState => ({
      key: 'u1@example.com', version: 0, alerts: [],
      signals: Array.from({ length: signals }, (_, n) => ({ detector: `d${n}`, technique: 'T1213.004', weight: 50, time: T0, principal: 'salesforce:u1' })),
    });
    // Another source's batch writes the same person's identity first: ours was loaded before (version 0).
    await new DynamoDbState({ table, doc: ddb.doc, now: () => T0 }).save({ ...noChanges, identities: [ident(1)] });
    const err = await state.save({ profiles: [profile('salesforce:u1', { batches: ['marker-1'] })], identities: [ident(2)], tenant: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateConflictError);
    // The profile (holding the batch marker) was not written, so the retry evaluates the principal again.
    const after = await state.load({ principals: ['salesforce:u1'], identities: ['u1@example.com'] });
    expect(after.profiles.has('salesforce:u1')).toBe(false);
    expect(after.identities.get('u1@example.com')!.signals).toHaveLength(1);
  });

  it('sends profile puts only after every identity and tenant put succeeded', async () => {
    const table = await ddb.createStateTable();
    const rec = ddb.recordingDoc();
    const state = new DynamoDbState({ table, doc: rec.doc, now: () => T0 });
    const profiles = Array.from({ length: 20 }, (_, n) => profile(`slack:U${n}`));
    const identities = profiles.map((p): IdentityState => ({ key: p.identity, version: 0, alerts: [], signals: [] }));
    await state.save({ profiles, identities, tenant: { key: 'tenant', version: 0, seen: {} } });
    const puts = rec.sent.filter((c) => c.name === 'PutItemCommand').map((c) => String((c.input.Item as { pk: string }).pk));
    expect(puts).toHaveLength(41);
    const firstProfile = puts.findIndex((pk) => pk.startsWith('profile#'));
    expect(firstProfile).toBe(21);
    expect(puts.slice(0, 21).every((pk) => pk.startsWith('identity#') || pk === 'tenant')).toBe(true);
  });

  it('refuses an item over the budget before writing anything, naming it (ItemTooLargeError)', async () => {
    const { state } = await freshState();
    // Measured on the encoded item: a name of 'x's would compress to nothing, one of high-entropy text cannot.
    const big = profile('salesforce:big', { name: incompressible(Math.ceil(STATE_ITEM_BUDGET * 4 / 3) + 1_000) });
    const ok = profile('salesforce:ok');
    const ident: IdentityState = { key: 'ok@example.com', version: 0, alerts: [], signals: [] };
    const err = await state.save({ profiles: [ok, big], identities: [ident], tenant: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ItemTooLargeError);
    expect(err).toMatchObject({ key: 'salesforce:big', items: [{ kind: 'profile', key: 'salesforce:big', pk: 'profile#salesforce:big' }] });
    expect((err as ItemTooLargeError).bytes).toBeGreaterThan(STATE_ITEM_BUDGET);
    const snap = await state.load({ principals: ['salesforce:ok', 'salesforce:big'], identities: ['ok@example.com'] });
    expect(snap.profiles.size + snap.identities.size).toBe(0);
    // Without it the rest is written: the caller's way on.
    await state.save({ profiles: [ok], identities: [ident], tenant: null });
    expect((await state.load({ principals: ['salesforce:ok'], identities: [] })).profiles.size).toBe(1);
  });

  it('loads identities alone without reading the tenant item again (P2-5 load cost)', async () => {
    const table = await ddb.createStateTable();
    const rec = ddb.recordingDoc();
    const state = new DynamoDbState({ table, doc: rec.doc, now: () => T0 });
    const ident: IdentityState = { key: 'a@example.com', version: 0, alerts: [], signals: [] };
    await state.save({ ...noChanges, identities: [ident], tenant: { key: 'tenant', version: 0, seen: { extDomain: { v: ['x.com'], f: [20777], t: [20777] } } } });
    rec.sent.length = 0;
    const got = await state.loadIdentities(['a@example.com', 'missing@example.com']);
    expect([...got.keys()]).toEqual(['a@example.com']);
    const keys = rec.sent.flatMap((c) => Object.values(c.input.RequestItems as Record<string, { Keys: { pk: string }[] }>).flatMap((r) => r.Keys.map((k) => k.pk)));
    expect(keys.sort()).toEqual(['identity#a@example.com', 'identity#missing@example.com']);
  });

  it('ages profiles out a configurable time after lastSeen', async () => {
    const table = await ddb.createStateTable();
    const writer = new DynamoDbState({ table, doc: ddb.doc, now: () => T0, profileTtlDays: 30 });
    await writer.save({ ...noChanges, profiles: [profile('salesforce:old', { lastSeen: T0 })] });
    const readAt = (ms: number) => new DynamoDbState({ table, doc: ddb.doc, now: () => ms }).load({ principals: ['salesforce:old'], identities: [] });
    expect((await readAt(T0 + 29 * DAY)).profiles.size).toBe(1);
    expect((await readAt(T0 + 31 * DAY)).profiles.size).toBe(0);
  });
});

describe('batchGetByPk (throttling, which DynamoDB Local cannot produce)', () => {
  it('re-asks for UnprocessedKeys with backoff and never sends more than 100 keys per call', async () => {
    const doc = DynamoDBDocumentClient.from(ddb.client);
    const mock = mockClient(doc);
    let calls = 0;
    mock.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => {
      calls++;
      const keys = input.RequestItems.t!.Keys;
      expect(keys.length).toBeLessThanOrEqual(BATCH_GET_MAX_KEYS);
      // The first call of each chunk is throttled for its last 10 keys.
      const throttled = calls <= 3 ? keys.slice(-10) : [];
      const served = keys.slice(0, keys.length - throttled.length).map((k) => ({ pk: k.pk, n: 1 }));
      return { Responses: { t: served }, UnprocessedKeys: throttled.length ? { t: { Keys: throttled } } : {} };
    });
    const pks = Array.from({ length: 250 }, (_, n) => `k${n}`);
    const sleeps: number[] = [];
    const found = await batchGetByPk(doc, 't', pks, { concurrency: 1, sleep: async (ms) => void sleeps.push(ms) });
    expect(found.size).toBe(250);
    expect(calls).toBe(6); // 3 chunks (100, 100, 50) + 3 retries of 10 keys
    expect(sleeps).toHaveLength(3);
    mock.restore();
  });

  it('gives up with DynamoDbStoreError when keys stay unprocessed', async () => {
    const doc = DynamoDBDocumentClient.from(ddb.client);
    const mock = mockClient(doc);
    mock.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: unknown[] }> }) => ({ Responses: { t: [] }, UnprocessedKeys: { t: { Keys: input.RequestItems.t!.Keys } } }));
    await expect(batchGetByPk(doc, 't', ['a'], { maxAttempts: 3, sleep: async () => undefined })).rejects.toThrow(DynamoDbStoreError);
    expect(mock.commandCalls(BatchGetCommand)).toHaveLength(3);
    mock.restore();
  });
});

/** Resolves each round's waiters once `n` of them arrived. */
function makeBarrier(n: number): (round: number) => Promise<void> {
  const rounds = new Map<number, { count: number; release: () => void; done: Promise<void> }>();
  return (round) => {
    let r = rounds.get(round);
    if (!r) {
      let release!: () => void;
      const done = new Promise<void>((res) => (release = res));
      r = { count: 0, release, done };
      rounds.set(round, r);
    }
    if (++r.count === n) r.release();
    return r.done;
  };
}
