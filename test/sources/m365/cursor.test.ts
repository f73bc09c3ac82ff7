import { describe, expect, it } from 'vitest';
import { M365CursorSchema } from '../../../lib/sources/m365/cursor.ts';

describe('m365 cursor', () => {
  it('rejects a corrupt checkpoint', () => {
    expect(M365CursorSchema.safeParse({ v: 2 }).success).toBe(false);
    expect(M365CursorSchema.safeParse({ v: 1, streams: { x: { listedUntil: 'yesterday' } } }).success).toBe(false);
  });

  it('reads the id sets of older cursors (carried into the buckets once, see upgrade-from-inline-ids.test.ts)', () => {
    const blobs = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`blob-${i}`, i]));
    const parsed = M365CursorSchema.parse({ v: 1, streams: { 'Audit.SharePoint': { listedUntil: '2026-11-22T02:30:00.000Z', blobs, records: [[1, 'abcdefabcdef']] } } });
    expect(Object.keys(parsed.streams['Audit.SharePoint']!.blobs ?? {})).toHaveLength(5000);
    expect(M365CursorSchema.safeParse({ v: 1, streams: { x: { blobs: { a: 'x' } } } }).success).toBe(false);
  });
});
