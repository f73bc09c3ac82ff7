import { describe, expect, it } from 'vitest';
import { ElfProgress, RtemProgress, SalesforceCursorSchema } from '../../../lib/sources/salesforce/cursor.ts';

const H = 3_600_000;

describe('salesforce cursor', () => {
  it('rejects a corrupt checkpoint', () => {
    expect(SalesforceCursorSchema.safeParse({ v: 1, elf: { files: {} }, rtem: {} }).success).toBe(true);
    expect(SalesforceCursorSchema.safeParse({ v: 1, elf: { files: { a: 'x' } }, rtem: {} }).success).toBe(false);
  });

  it('keeps the (CreatedDate, Id) high-water mark and only files inside the lookback', () => {
    const p = new ElfProgress({ files: {} }, 2 * H);
    p.markFile('0AT2', 10 * H);
    p.markFile('0AT1', 10 * H);
    p.markFile('0AT0', 5 * H);
    expect(p.last).toEqual({ createdDate: 10 * H, id: '0AT2' });
    expect(p.listFrom(0)).toBe(8 * H);
    const snap = p.snapshot();
    expect(Object.keys(snap.files).sort()).toEqual(['0AT1', '0AT2']);
  });

  it('remembers partial file progress until the file is complete', () => {
    const p = new ElfProgress({ files: {} }, H);
    p.markRows('0AT9', 5000);
    const again = new ElfProgress(SalesforceCursorSchema.parse(JSON.parse(JSON.stringify({ v: 1, elf: p.snapshot(), rtem: {} }))).elf, H);
    expect(again.rowsWritten('0AT9')).toBe(5000);
    expect(again.rowsWritten('0AT8')).toBe(0);
    again.markFile('0AT9', 3 * H);
    expect(again.snapshot().partial).toBeUndefined();
  });

  it('prunes RTEM ids older than the overlap', () => {
    const p = new RtemProgress(undefined, 15 * 60_000, 100);
    p.seen.add('old', 0);
    p.seen.add('new', 10 * H);
    p.until = 10 * H;
    const again = new RtemProgress(p.snapshot(), 15 * 60_000, 100);
    expect(again.seen.has('old')).toBe(false);
    expect(again.seen.has('new')).toBe(true);
    expect(again.until).toBe(10 * H);
  });
});
