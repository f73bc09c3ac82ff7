import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbState } from '../../lib/adapters/state/dynamodb-state.ts';
import type { OversizeItem } from '../../lib/adapters/state/item-size.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { defaultConfig } from '../../lib/core/config.ts';
import { detectBatch } from '../../lib/pipeline/detect-batch.ts';
import type { RawItem, RawRecordItem } from '../../lib/pipeline/raw-item.ts';
import { startDynamoDbLocal } from '../support/dynamodb-local.ts';
import { storedItemBytes } from '../support/table-items.ts';
import type { DynamoDbLocal } from '../support/dynamodb-local.ts';
import { T0, slackDownload } from '../replay/vendor-fixtures.ts';

const clock = fixedClock(Date.UTC(2026, 10, 16));
let ddb: DynamoDbLocal;
beforeAll(async () => {
  ddb = await startDynamoDbLocal();
});
afterAll(async () => {
  await ddb?.stop();
});

async function* from(items: RawItem[]): AsyncGenerator<RawItem> {
  yield* items;
}

/** A download from a distinct IP each time: every one grows the person's first-seen sets. */
function download(i: number, user: string): RawRecordItem {
  const e = slackDownload(i, T0 + i * 60_000, user);
  (e.context as Record<string, unknown>).ip_address = `198.51.${Math.floor(i / 250)}.${i % 250}`;
  return { kind: 'record', source: 'slack', stream: 'audit', id: String(e.id), record: e, ref: { file: 'b', line: i + 1 } };
}

describe('detectBatch with an oversize state item (P0-3, adapter side)', () => {
  it('leaves that one item unwritten, reports it, and saves the rest of the batch instead of failing it', async () => {
    const items = [...Array.from({ length: 150 }, (_, i) => download(i, 'W0NOISY')), download(1000, 'W0QUIET')];
    // The items' encoded sizes (what the budget is held to), from the same batch saved without a tight budget.
    const probe = await ddb.createStateTable();
    await detectBatch(from(items), { state: new DynamoDbState({ table: probe, doc: ddb.doc, now: clock.now }), config: defaultConfig(), clock, batchId: 'b1' });
    const sizes = await storedItemBytes(ddb.doc, probe);
    const noisy = sizes.get('profile#slack:W0NOISY')!;
    expect(Math.max(...[...sizes].filter(([pk]) => pk !== 'profile#slack:W0NOISY').map(([, n]) => n))).toBeLessThan(noisy);
    // A budget one byte under the noisy person's encoded profile: every other item fits (the real one is 350 KB).
    const table = await ddb.createStateTable();
    const state = new DynamoDbState({ table, doc: ddb.doc, now: clock.now, itemBudget: noisy - 1 });
    const reported: OversizeItem[] = [];
    const out = await detectBatch(from(items), { state, config: defaultConfig(), clock, batchId: 'b1', onOversize: (i) => reported.push(...i) });
    expect(reported.map((i) => [i.kind, i.key])).toEqual([['profile', 'slack:W0NOISY']]);
    expect(reported[0]!.bytes).toBe(noisy);
    expect(out.oversize).toEqual(reported);
    const snap = await state.load({ principals: ['slack:W0NOISY', 'slack:W0QUIET'], identities: [] });
    expect([...snap.profiles.keys()]).toEqual(['slack:W0QUIET']);
  });
});
