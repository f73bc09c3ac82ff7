import { describe, expect, it } from 'vitest';
import { M365CursorSchema } from '../../../lib/sources/m365/cursor.ts';

describe('m365 cursor', () => {
  it('rejects a corrupt checkpoint', () => {
    expect(M365CursorSchema.safeParse({ v: 2 }).success).toBe(false);
    expect(M365CursorSchema.safeParse({ v: 1, streams: { x: { listedUntil: 'yesterday' } } }).success).toBe(false);
  });

  it('keeps positions only: the id sets of older cursors are dropped, whatever their size', () => {
    const blobs = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`blob-${i}`, i]));
    const parsed = M365CursorSchema.parse({ v: 1, streams: { 'Audit.SharePoint': { listedUntil: '2026-11-22T02:30:00.000Z', blobs, records: [[1, 'abcdefabcdef']] } } });
    expect(parsed).toEqual({ v: 1, streams: { 'Audit.SharePoint': { listedUntil: '2026-11-22T02:30:00.000Z' } } });
    expect(JSON.stringify(parsed).length).toBeLessThan(100);
  });
});
