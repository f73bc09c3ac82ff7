import { describe, expect, it } from 'vitest';
import { normalizeRecord, newNormalizeContext } from '../../../../lib/core/normalize/index.ts';
import { at, run, soqlRecords } from './sf-fixtures.ts';

describe('normalizeSalesforce', () => {
  it('rejects non-objects', () => {
    for (const bad of [null, 'Login', 42, ['EVENT_TYPE']]) {
      expect(run(bad as unknown as Record<string, unknown>, '')).toMatchObject({ ok: false, reason: 'not-a-salesforce-record' });
    }
  });

  it('rejects EventLogFile listing rows as not-an-event, whatever the stream says', () => {
    const listing = {
      attributes: { type: 'EventLogFile', url: '/services/data/v62.0/sobjects/EventLogFile/0AT5e00000LoGfILAA' },
      Id: '0AT5e00000LoGfILAA', EventType: 'Report', LogDate: '2026-06-29T00:00:00.000+0000', CreatedDate: '2026-06-30T03:10:00.000+0000',
      LogFile: '/services/data/v62.0/sobjects/EventLogFile/0AT5e00000LoGfILAA/LogFile',
    };
    expect(run(listing, '')).toMatchObject({ ok: false, reason: 'not-an-event' });
    expect(run(listing, 'rtem:EventLogFile')).toMatchObject({ ok: false, reason: 'not-an-event' });
    const { attributes: _a, ...bare } = listing;
    expect(run(bare, '')).toMatchObject({ ok: false, reason: 'not-an-event' });
  });

  it('rejects records that are neither ELF nor RTEM', () => {
    expect(run({ id: 'x', action: 'file_downloaded', date_create: 1 }, 'audit')).toMatchObject({ ok: false, reason: 'not-a-salesforce-record' });
  });

  it('is reachable through the shared normalizeRecord entry point', () => {
    const out = normalizeRecord('salesforce', { record: at(soqlRecords('rtem-ApiEvent.json'), 0), stream: 'rtem:ApiEvent', id: 'e-1', ref: { file: 'b', line: 3 } }, newNormalizeContext());
    expect(out.ok && out.events[0]?.ref).toEqual({ file: 'b', line: 3 });
  });
});
