import { describe, expect, it } from 'vitest';
import { EnvelopeSchema, batchKey, streamOfKey } from '../../lib/core/envelope.ts';

const at = new Date(Date.UTC(2026, 10, 22, 3, 10));

describe('batchKey', () => {
  it('writes no character a Windows file name forbids, and reads back the stream of new and old keys', () => {
    for (const stream of ['elf:API', 'rtem:ApiEvent', 'Audit.SharePoint', 'audit', 'elf:LightningPageView']) {
      const key = batchKey('salesforce', stream, at, 'run-1', 4);
      for (const segment of key.split('/')) expect(segment, key).not.toMatch(/[<>:"\\|?*\u0000-\u001f]/);
      expect(streamOfKey(key)).toBe(stream);
    }
    expect(batchKey('salesforce', 'elf:API', at, 'r', 1)).toBe('raw/source=salesforce/stream=elf~API/dt=2026-11-22/hour=03/r-000001.ndjson.gz');
    expect(streamOfKey('raw/source=salesforce/stream=elf:API/dt=2026-11-22/hour=03/run-1-000004.ndjson.gz')).toBe('elf:API');
    expect(streamOfKey('no/stream/here.ndjson.gz')).toBeUndefined();
  });

  it('maps other unsafe characters to _ so a key never leaves its folder', () => {
    expect(batchKey('m365', 'Audit/../x y', at, 'r', 1)).toBe('raw/source=m365/stream=Audit_.._x_y/dt=2026-11-22/hour=03/r-000001.ndjson.gz');
  });
});

describe('EnvelopeSchema', () => {
  it('requires fetchedAt to be a time: it bounds the record time', () => {
    const env = { v: 1, source: 'slack', stream: 'audit', id: 'a', fetchedAt: '2026-11-22T03:00:00Z', record: {} };
    expect(EnvelopeSchema.safeParse(env).success).toBe(true);
    for (const fetchedAt of ['', 'yesterday', '2026-13-01T00:00:00Z']) {
      const r = EnvelopeSchema.safeParse({ ...env, fetchedAt });
      expect(r.success, fetchedAt).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['fetchedAt']);
    }
  });
});
