import { describe, expect, it } from 'vitest';
import { M365CursorSchema, StreamProgress } from '../../../lib/sources/m365/cursor.ts';

describe('m365 cursor', () => {
  it('rejects a corrupt checkpoint', () => {
    expect(M365CursorSchema.safeParse({ v: 2 }).success).toBe(false);
    expect(M365CursorSchema.safeParse({ v: 1, streams: { x: { blobs: { a: 'x' }, records: [] } } }).success).toBe(false);
  });

  it('forgets blobs and records that the next listing cannot return', () => {
    const hour = 3_600_000;
    const p = new StreamProgress(undefined, hour, 100);
    const t = Date.parse('2026-11-22T00:00:00Z');
    p.markBlob('old', t);
    p.records.add('rec-old', t);
    p.markBlob('new', t + 2 * hour);
    p.records.add('rec-new', t + 2 * hour);
    p.listedUntil = new Date(t + 2.5 * hour);
    const snap = p.snapshot();
    expect(Object.keys(snap.blobs)).toEqual(['new']);
    const again = new StreamProgress(M365CursorSchema.parse(JSON.parse(JSON.stringify({ v: 1, streams: { x: snap } }))).streams.x, hour, 100);
    expect(again.blobDone('new')).toBe(true);
    expect(again.records.has('rec-new')).toBe(true);
    expect(again.records.has('rec-old')).toBe(false);
    expect(again.listedUntil?.toISOString()).toBe('2026-11-22T02:30:00.000Z');
  });
});
