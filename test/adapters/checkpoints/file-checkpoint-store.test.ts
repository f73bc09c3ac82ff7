import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointFileError, FileCheckpointStore } from '../../../lib/adapters/checkpoints/file-checkpoint-store.ts';
import { CheckpointConflictError } from '../../../lib/sources/ports.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hw-cp-'));
  file = join(dir, 'nested', 'state.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('FileCheckpointStore', () => {
  it('stores versioned cursors and rejects a put with a stale version', async () => {
    const store = new FileCheckpointStore(file);
    expect(await store.get('slack')).toBeNull();
    expect(await store.put('slack', { watermark: 1 }, 0)).toBe(1);
    expect(await store.put('slack', { watermark: 2 }, 1)).toBe(2);
    await expect(store.put('slack', { watermark: 3 }, 1)).rejects.toBeInstanceOf(CheckpointConflictError);
    await expect(store.put('slack', { watermark: 3 }, 0)).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(await new FileCheckpointStore(file).get('slack')).toEqual({ cursor: { watermark: 2 }, version: 2 });
  });

  it('lets exactly one of many concurrent writers (separate store objects) win each version', async () => {
    const stores = [new FileCheckpointStore(file), new FileCheckpointStore(file), new FileCheckpointStore(file)];
    const results = await Promise.allSettled(stores.flatMap((s, i) => [0, 1].map((j) => s.put('m365', `w${i}${j}`, 0))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await stores[0]!.get('m365'))?.version).toBe(1);
  });

  it('gives a lease to one owner until it expires or is released', async () => {
    const store = new FileCheckpointStore(file);
    expect(await store.acquireLease('slack', 'a', 1000, 0)).toBe(true);
    expect(await store.acquireLease('slack', 'b', 1000, 500)).toBe(false);
    expect(await store.acquireLease('slack', 'a', 1000, 500)).toBe(true); // the owner may extend
    expect(await store.acquireLease('m365', 'b', 1000, 500)).toBe(true); // leases are per source
    expect(await store.acquireLease('slack', 'b', 1000, 1499)).toBe(false);
    expect(await store.acquireLease('slack', 'b', 1000, 1500)).toBe(true); // expired
    await store.releaseLease('slack', 'a'); // not the owner: no effect
    expect(await store.acquireLease('slack', 'c', 1000, 1600)).toBe(false);
    await store.releaseLease('slack', 'b');
    expect(await store.acquireLease('slack', 'c', 1000, 1600)).toBe(true);
  });

  it('keeps other content of a shared state file, and fails clearly on a corrupt one', async () => {
    await writeFile(join(dir, 'shared.json'), JSON.stringify({ format: 'other/1', items: { x: 1 } }));
    const store = new FileCheckpointStore(join(dir, 'shared.json'));
    await store.put('slack', 'c', 0);
    expect(JSON.parse(await readFile(join(dir, 'shared.json'), 'utf8'))).toMatchObject({ format: 'other/1', items: { x: 1 }, collectors: { checkpoints: { slack: { cursor: 'c', version: 1 } } } });

    await writeFile(join(dir, 'bad.json'), '{not json');
    await expect(new FileCheckpointStore(join(dir, 'bad.json')).get('slack')).rejects.toBeInstanceOf(CheckpointFileError);
  });

  it('breaks a stale lock left by a dead process', async () => {
    const store = new FileCheckpointStore(file, { staleLockMs: 0, lockWaitMs: 200 });
    await store.put('slack', 1, 0);
    await writeFile(`${file}.lock`, '');
    await new Promise((r) => setTimeout(r, 5));
    expect(await store.put('slack', 2, 1)).toBe(2);
  });
});
