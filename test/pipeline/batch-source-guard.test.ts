import { describe, expect, it } from 'vitest';
import { rejectForeignSources, sourceOfBatchKey } from '../../lib/pipeline/batch-source-guard.ts';
import type { RawItem, RawRecordItem } from '../../lib/pipeline/raw-item.ts';
import { rawReject } from '../../lib/pipeline/raw-item.ts';

const rec = (source: 'slack' | 'm365' | 'salesforce', id: string): RawRecordItem => ({ kind: 'record', source, stream: 's', id, record: { id }, ref: { file: 'k', line: 1 } });
async function collect(items: RawItem[], key: string): Promise<RawItem[]> {
  async function* from(): AsyncGenerator<RawItem> {
    yield* items;
  }
  const out: RawItem[] = [];
  for await (const i of rejectForeignSources(from(), key)) out.push(i);
  return out;
}

describe('rejectForeignSources (P2-4)', () => {
  it('passes records of the key’s source and read rejects; rejects others with the record kept', async () => {
    const readReject = rawReject('malformed-json', { file: 'k', line: 2 });
    const out = await collect([rec('slack', 'a'), rec('salesforce', 'b'), readReject], 'raw/source=slack/stream=audit/dt=2026-11-21/hour=03/r-000001.ndjson.gz');
    expect(out[0]).toEqual(rec('slack', 'a'));
    expect(out[1]).toMatchObject({ kind: 'reject', reject: { reason: 'source-mismatch', source: 'salesforce' }, record: rec('salesforce', 'b') });
    expect(out[2]).toBe(readReject);
  });

  it('trusts no record of a batch filed under no known source', async () => {
    expect(sourceOfBatchKey('raw/source=github/x.ndjson.gz')).toBeUndefined();
    expect(sourceOfBatchKey('quarantine/source=slack/x.ndjson.gz')).toBeUndefined();
    expect(sourceOfBatchKey('raw/source=m365/stream=Audit.General/x')).toBe('m365');
    const out = await collect([rec('m365', 'a')], 'uploads/x.ndjson.gz');
    expect(out[0]).toMatchObject({ kind: 'reject', reject: { reason: 'source-mismatch', detail: expect.stringContaining('not under raw/source=') } });
  });
});
