import { describe, expect, it } from 'vitest';
import { ElfProgress, SalesforceCursorSchema } from '../../../lib/sources/salesforce/cursor.ts';

const H = 3_600_000;

describe('salesforce cursor', () => {
  it('rejects a corrupt checkpoint', () => {
    expect(SalesforceCursorSchema.safeParse({ v: 1, elf: {}, rtem: {} }).success).toBe(true);
    expect(SalesforceCursorSchema.safeParse({ v: 1, elf: { last: { createdDate: 'x', id: 'a' } }, rtem: {} }).success).toBe(false);
  });

  it('keeps the (CreatedDate, Id) high-water mark', () => {
    const p = new ElfProgress({}, 2 * H);
    p.markFile('0AT2', 10 * H);
    p.markFile('0AT1', 10 * H);
    p.markFile('0AT0', 5 * H);
    expect(p.last).toEqual({ createdDate: 10 * H, id: '0AT2' });
    expect(p.listFrom(0)).toBe(8 * H);
  });

  it('remembers partial file progress until the file is complete', () => {
    const p = new ElfProgress({}, H);
    p.markRows('0AT9', 5000);
    const again = new ElfProgress(SalesforceCursorSchema.parse(JSON.parse(JSON.stringify({ v: 1, elf: p.snapshot(), rtem: {} }))).elf, H);
    expect(again.rowsWritten('0AT9')).toBe(5000);
    expect(again.rowsWritten('0AT8')).toBe(0);
    again.markFile('0AT9', 3 * H);
    expect(again.snapshot().partial).toBeUndefined();
  });

  it('reads the id sets of older cursors (carried into the buckets once, see upgrade-from-inline-ids.test.ts)', () => {
    const parsed = SalesforceCursorSchema.parse({ v: 1, elf: { files: { a: 1 } }, rtem: { ApiEvent: { until: 5, seen: [[1, 'abcdefabcdef']] } } });
    expect(parsed.elf.files).toEqual({ a: 1 });
    expect(parsed.rtem.ApiEvent?.seen).toEqual([[1, 'abcdefabcdef']]);
  });
});
