import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RejectLog } from '../../lib/cli/reject-log.ts';
import { QUARANTINE_MAX_DEPTH } from '../../lib/core/quarantine-json.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hw-rejects-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RejectLog --quarantine', () => {
  it('writes a record nested 50k levels deep, cut with a marker, instead of overflowing the stack', async () => {
    const path = join(dir, 'q.ndjson');
    const log = new RejectLog(path);
    const deep = JSON.parse(`{"id":"d1","actor":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`) as Record<string, unknown>;
    log.add({ reason: 'missing-actor', ref: { file: 'deep.ndjson', line: 1 }, source: 'slack', detail: 'no actor' },
      { kind: 'record', source: 'slack', stream: 'audit', id: 'd1', record: deep, ref: { file: 'deep.ndjson', line: 1 } });
    log.add({ reason: 'malformed-json', ref: { file: 'deep.ndjson', line: 2 }, detail: 'Unexpected end' });
    await log.close();
    const [first, second] = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ reason: 'missing-actor', detail: 'no actor', ref: { file: 'deep.ndjson', line: 1 }, v: 1, source: 'slack', id: 'd1', recordTruncated: true });
    expect(JSON.stringify(first)).toContain(`[truncated: nested deeper than ${QUARANTINE_MAX_DEPTH} levels]`);
    expect(second).toEqual({ reason: 'malformed-json', detail: 'Unexpected end', ref: { file: 'deep.ndjson', line: 2 } });
    expect(log.fileTallies()).toEqual([{ file: 'deep.ndjson', reason: 'malformed-json', count: 1, firstLine: 2, detail: 'Unexpected end' }]);
  });
});
