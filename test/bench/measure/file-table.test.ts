import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTable } from '../../../bench/measure/file-table.ts';
import { DynamoDbState } from '../../../lib/adapters/state/dynamodb-state.ts';
import { newProfile } from '../../../lib/core/profile.ts';
import { StateConflictError } from '../../../lib/core/state.ts';
import { incompressible } from '../../support/incompressible.ts';

const T0 = Date.parse('2026-11-20T00:00:00Z');
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function fresh(): Promise<{ table: FileTable; state: DynamoDbState }> {
  const dir = await mkdtemp(join(tmpdir(), 'hw-file-table-'));
  dirs.push(dir);
  const table = new FileTable(join(dir, 'items'));
  return { table, state: new DynamoDbState({ table: 'bench', doc: table.doc, now: () => T0 }) };
}

const noChanges = { profiles: [], identities: [], tenant: null };

describe('FileTable (the bench table DynamoDbState runs against)', () => {
  it('bills reads per 4 KB of each encoded item (a key not found: one unit) and puts per 1 KB of the larger image', async () => {
    const { table, state } = await fresh();
    const big = newProfile('slack:BIG', 'slack', 'BIG', 'b@example.com', T0);
    big.name = incompressible(6_000); // ~4.5 KB encoded: 2 read units, 5 write units
    await state.save({ ...noChanges, profiles: [big, newProfile('slack:S', 'slack', 'S', 's@example.com', T0)] });
    const put = table.take();
    expect(put.puts).toBe(2);
    expect(put.writeUnits).toBe(put.writeBytes.reduce((n, b) => n + Math.ceil(b / 1024), 0));
    const bigBytes = Math.max(...put.writeBytes);
    expect(bigBytes).toBeGreaterThan(4096);

    const snap = await state.load({ principals: ['slack:BIG', 'slack:S', 'slack:NONE'], identities: [] });
    const read = table.take();
    expect(read.itemsRead).toBe(2);
    // BIG: ceil(bytes / 4096) = 2; S: 1; NONE: 1; the tenant item, not there yet: 1.
    expect(read.readUnits).toBe(Math.ceil(bigBytes / 4096) + 1 + 1 + 1);

    // Shrinking an item is billed on the old, larger image.
    const shrunk = snap.profiles.get('slack:BIG')!;
    shrunk.name = 'b';
    await state.save({ ...noChanges, profiles: [shrunk] });
    const rewrite = table.take();
    expect(rewrite.writeBytes[0]).toBeLessThan(1024);
    expect(rewrite.writeUnits).toBe(Math.ceil(bigBytes / 1024));
  });

  it('keeps conditional writes: a stale version loses; an unchanged item is never put', async () => {
    const { table, state } = await fresh();
    const p = newProfile('m365:u', 'm365', 'u', 'u@example.com', T0);
    await state.save({ ...noChanges, profiles: [p] });
    await expect(state.save({ ...noChanges, profiles: [p] })).rejects.toBeInstanceOf(StateConflictError);
    const loaded = (await state.load({ principals: ['m365:u'], identities: [] })).profiles.get('m365:u')!;
    table.take();
    await state.save({ ...noChanges, profiles: [loaded] });
    expect(table.take()).toMatchObject({ puts: 0, writeUnits: 0 });
    expect(table.writeSizes.count).toBe(1);
  });
});
