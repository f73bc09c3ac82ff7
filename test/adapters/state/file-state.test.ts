import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileState, StateFileError } from '../../../lib/adapters/state/file-state.ts';
import { ItemTooLargeError, STATE_ITEM_BUDGET } from '../../../lib/adapters/state/item-size.ts';
import { BATCH_LEDGER_TTL_DAYS } from '../../../lib/pipeline/batch-ledger.ts';
import { newProfile } from '../../../lib/core/profile.ts';
import { StateConflictError, emptyTenant } from '../../../lib/core/state.ts';
import type { IdentityState, Profile } from '../../../lib/core/state.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-state-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A core profile (newProfile keeps it in step with lib/core/state.ts) with active days to tell writes apart. */
function profile(key: string, version = 0, cur = 1): Profile {
  const p = newProfile(key, 'slack', key.split(':')[1]!, `${key}@example.com`, 1);
  p.version = version;
  p.batches = ['b1'];
  p.act = [20000, 1, 0, 20000 + cur, 1, 0];
  p.seen['ip'] = { v: ['203.0.113.7'], f: [2], t: [2] };
  return p;
}
const identity = (key: string, version = 0): IdentityState => ({ key, version, alerts: [], signals: [] });
const keys = (principals: string[], identities: string[] = []) => ({ principals, identities });

describe('FileState', () => {
  it('treats a missing file as empty state', async () => {
    const s = await FileState.open(join(dir, 'absent.json'));
    const snap = await s.load(keys(['slack:U1'], ['a@example.com']));
    expect(snap.profiles.size).toBe(0);
    expect(snap.identities.size).toBe(0);
    expect(snap.tenant).toEqual(emptyTenant());
  });

  it('saves merged items, bumps their versions and the file version, and reloads them from disk', async () => {
    const path = join(dir, 'roundtrip.json');
    const s = await FileState.open(path);
    await s.save({ profiles: [profile('slack:U1'), profile('slack:U2')], identities: [identity('u1@example.com')], tenant: { ...emptyTenant(), seen: { extDomain: { v: ['acme.com'], f: [5], t: [5] } } } });
    await s.save({ profiles: [profile('slack:U1', 1, 42)], identities: [], tenant: null });
    expect(s.version).toBe(2);

    const again = await FileState.open(path);
    const snap = await again.load(keys(['slack:U1', 'slack:U2', 'slack:U3'], ['u1@example.com']));
    expect(snap.profiles.get('slack:U1')).toMatchObject({ version: 2, act: [20000, 1, 0, 20042, 1, 0] });
    expect(snap.profiles.get('slack:U2')).toMatchObject({ version: 1 });
    expect(snap.profiles.has('slack:U3')).toBe(false);
    expect(snap.identities.get('u1@example.com')).toMatchObject({ version: 1 });
    expect(snap.tenant).toMatchObject({ version: 1, seen: { extDomain: { v: ['acme.com'], f: [5], t: [5] } } });
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file).toMatchObject({ format: 'hoardwatch-state/1', version: 2 });
    // The document holds each item whole, keyed by its key, as DynamoDB items are.
    expect(file.profiles['slack:U2']).toEqual({ ...profile('slack:U2'), version: 1 });
    expect(Object.keys(file.profiles)).toEqual(['slack:U1', 'slack:U2']);
    expect(file.identities).toEqual({ 'u1@example.com': { ...identity('u1@example.com'), version: 1 } });
  });

  it('hands out copies: changing a loaded item does not change the state', async () => {
    const s = FileState.inMemory();
    await s.save({ profiles: [profile('slack:U9')], identities: [], tenant: null });
    const a = await s.load(keys(['slack:U9']));
    a.profiles.get('slack:U9')!.act.push(999);
    expect((await s.load(keys(['slack:U9']))).profiles.get('slack:U9')!.act).toEqual([20000, 1, 0, 20001, 1, 0]);
  });

  it('refuses a write against a stale version, also when another process rewrote the file', async () => {
    const path = join(dir, 'conflict.json');
    const a = await FileState.open(path);
    await a.save({ profiles: [profile('slack:U1')], identities: [], tenant: null });
    await expect(a.save({ profiles: [profile('slack:U1', 0)], identities: [], tenant: null })).rejects.toBeInstanceOf(StateConflictError);

    const b = await FileState.open(path);
    const c = await FileState.open(path);
    await b.save({ profiles: [profile('slack:U1', 1, 5)], identities: [], tenant: null });
    // c loaded version 1 before b wrote version 2: its write must not silently overwrite b's.
    await expect(c.save({ profiles: [profile('slack:U1', 1, 6)], identities: [], tenant: null })).rejects.toThrow(/slack:U1/);
    expect((await (await FileState.open(path)).load(keys(['slack:U1']))).profiles.get('slack:U1')!.act).toEqual([20000, 1, 0, 20005, 1, 0]);
  });

  it('writes atomically: a concurrent reader only ever sees a whole file, and no temp file is left', async () => {
    const path = join(dir, 'atomic.json');
    const s = await FileState.open(path);
    const big = Array.from({ length: 300 }, (_, i) => profile(`slack:U${i}`));
    await s.save({ profiles: big, identities: [], tenant: null });
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        JSON.parse(readFileSync(path, 'utf8'));
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let v = 1; v <= 15; v++) {
      await s.save({ profiles: big.map((p) => ({ ...p, version: v })), identities: [], tenant: null });
    }
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.includes('atomic') && f.endsWith('.tmp'))).toEqual([]);
    expect((await (await FileState.open(path)).load(keys(['slack:U7']))).profiles.get('slack:U7')!.version).toBe(16);
  });

  it('rejects a corrupt or foreign file with a clear error naming it', async () => {
    const bad = join(dir, 'corrupt.json');
    writeFileSync(bad, '{"format":"hoardwatch-state/1", "profiles": {');
    await expect(FileState.open(bad)).rejects.toThrow(StateFileError);
    await expect(FileState.open(bad)).rejects.toThrow(/corrupt\.json: not valid JSON/);
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ hello: 'world' }));
    await expect(FileState.open(foreign)).rejects.toThrow(/not a Hoardwatch state file \(format/);
  });

  it('keeps processed batches in the file for BATCH_LEDGER_TTL_DAYS and forgets expired ones on the next mark', async () => {
    const path = join(dir, 'ledger.json');
    const t0 = Date.UTC(2026, 10, 1);
    const day = 86_400_000;
    const s = await FileState.open(path, { now: () => t0 });
    await s.markProcessed(['sha256:a', 'object:s3://raw/k']);
    const later = await FileState.open(path, { now: () => t0 + (BATCH_LEDGER_TTL_DAYS - 1) * day });
    expect(await later.processed(['sha256:a', 'sha256:b', 'object:s3://raw/k'])).toEqual(new Set(['sha256:a', 'object:s3://raw/k']));
    const expired = await FileState.open(path, { now: () => t0 + (BATCH_LEDGER_TTL_DAYS + 1) * day });
    expect(await expired.processed(['sha256:a'])).toEqual(new Set());
    await expired.markProcessed(['sha256:c']);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).batches)).toEqual(['sha256:c']);
  });

  it('keeps the username book in the file, written conditionally on its version', async () => {
    const path = join(dir, 'usernames.json');
    const s = await FileState.open(path);
    const book = { ids: ['005000000000001AAA'], names: ['jdoe@example.com'], days: [20500] };
    await s.saveUsernames(book, 0);
    await expect(s.saveUsernames(book, 0)).rejects.toBeInstanceOf(StateConflictError);
    expect(await (await FileState.open(path)).loadUsernames()).toEqual({ version: 1, book });
  });

  it('opens a file written before batches and usernames were kept', async () => {
    const path = join(dir, 'older.json');
    writeFileSync(path, JSON.stringify({ format: 'hoardwatch-state/1', version: 3, profiles: {}, identities: {}, tenant: emptyTenant() }));
    const s = await FileState.open(path);
    expect(await s.processed(['x'])).toEqual(new Set());
    expect((await s.loadUsernames()).version).toBe(0);
  });

  it('refuses what DynamoDB would refuse: an item over the budget fails the save with ItemTooLargeError, writing nothing', async () => {
    const s = FileState.inMemory();
    const big = profile('slack:BIG');
    big.name = 'x'.repeat(STATE_ITEM_BUDGET);
    const err = await s.save({ profiles: [profile('slack:OK'), big], identities: [identity('ok@example.com')], tenant: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ItemTooLargeError);
    expect((err as ItemTooLargeError).items.map((i) => i.key)).toEqual(['slack:BIG']);
    const snap = await s.load(keys(['slack:OK', 'slack:BIG'], ['ok@example.com']));
    expect(snap.profiles.size + snap.identities.size).toBe(0);
    expect(s.version).toBe(0);
  });

  it('loads identities alone', async () => {
    const s = FileState.inMemory();
    await s.save({ profiles: [], identities: [identity('a@example.com')], tenant: null });
    expect([...(await s.loadIdentities(['a@example.com', 'b@example.com'])).keys()]).toEqual(['a@example.com']);
  });
});
