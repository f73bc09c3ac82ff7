import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonItemState } from '../../../bench/measure/json-item-state.ts';
import { newProfile } from '../../../lib/core/profile.ts';
import { StateConflictError } from '../../../lib/core/state.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function freshState(): Promise<{ state: JsonItemState; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'hw-items-'));
  dirs.push(dir);
  return { state: new JsonItemState(join(dir, 'items')), dir };
}

describe('JsonItemState (the bench stand-in for DynamoDbState)', () => {
  it('keeps each item as its own file and hands back only the items asked for, with their versions', async () => {
    const { state, dir } = await freshState();
    const a = newProfile('slack:U1', 'slack', 'U1', 'u1@example.com', 1);
    const b = newProfile('slack:U2', 'slack', 'U2', 'u2@example.com', 2);
    await state.save({ profiles: [a, b], identities: [], tenant: null });
    expect(await readdir(join(dir, 'items'))).toHaveLength(2);
    const snap = await state.load({ principals: ['slack:U2', 'slack:U3'], identities: [] });
    expect([...snap.profiles.keys()]).toEqual(['slack:U2']);
    expect(snap.profiles.get('slack:U2')).toEqual({ ...b, version: 1 });
    expect(snap.tenant.version).toBe(0);
    expect(state.bytes).toBe(JSON.stringify(a).length + JSON.stringify(b).length);
  });

  it('refuses a write from a stale version, and writes nothing of that save', async () => {
    const { state } = await freshState();
    const p = newProfile('m365:u', 'm365', 'u', 'u@example.com', 1);
    await state.save({ profiles: [p], identities: [], tenant: null });
    const other = newProfile('m365:v', 'm365', 'v', 'v@example.com', 1);
    await expect(state.save({ profiles: [other, p], identities: [], tenant: null })).rejects.toBeInstanceOf(StateConflictError);
    const snap = await state.load({ principals: ['m365:u', 'm365:v'], identities: [] });
    expect([...snap.profiles.keys()]).toEqual(['m365:u']);
  });
});
