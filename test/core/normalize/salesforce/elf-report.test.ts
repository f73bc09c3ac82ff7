import { describe, expect, it } from 'vitest';
import { at, elfEvents, elfRows, one } from './sf-fixtures.ts';

describe('ELF Report', () => {
  const events = elfEvents('elf-report.csv');

  it('maps a run to report_run with ROW_COUNT, the entity and the 18-char report id', () => {
    const e = at(events, 0);
    expect(e).toMatchObject({
      action: 'report_run', vendorAction: 'Report', count: 12500, entities: ['Contact'],
      object: { type: 'report', id: '00O5e000001RpTqEAK' }, outcome: 'success',
      details: { origin: 'ReportRunFromLightning', columns: 14 },
    });
  });

  it('parses a compact TIMESTAMP with one millisecond digit when TIMESTAMP_DERIVED is empty', () => {
    expect(at(events, 0).time).toBe(Date.UTC(2026, 5, 30, 14, 2, 11, 400));
  });

  it('leaves count undefined when ROW_COUNT is empty, derives the report id from the 15-char id, maps REQUEST_STATUS F', () => {
    const e = at(events, 1);
    expect(e.count).toBeUndefined();
    expect(e.object?.id).toBe('00O5e000001RpTqEAK');
    expect(e.outcome).toBe('failure');
  });

  it('treats AsyncReportRun like Report', () => {
    const row = { ...at(elfRows('elf-report.csv'), 0), EVENT_TYPE: 'AsyncReportRun' };
    expect(one(row, 'elf:AsyncReportRun')).toMatchObject({ action: 'report_run', vendorAction: 'AsyncReportRun', count: 12500 });
  });
});

describe('ELF ReportExport', () => {
  it('maps to export with the report id from URI, the format, the UA, and no row count', () => {
    const e = at(elfEvents('elf-reportexport.csv'), 0);
    expect(e).toMatchObject({ action: 'export', object: { type: 'report', id: '00O5e000001RpTqEAK' }, details: { format: 'xls' } });
    expect(e.count).toBeUndefined();
    expect(e.src?.ua).toMatch(/Safari/);
    expect(e.session).toBeUndefined();
  });
});
