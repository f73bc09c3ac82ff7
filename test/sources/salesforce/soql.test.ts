import { describe, expect, it } from 'vitest';
import { elfQuery, rtemQuery, SoqlNameError } from '../../../lib/sources/salesforce/soql.ts';
import { parseSfTime, SalesforceTimeError } from '../../../lib/sources/salesforce/sf-time.ts';

describe('soql', () => {
  it('lists one interval of EventLogFile by CreatedDate with an Id tie-break', () => {
    const q = elfQuery('Hourly', ['Report', 'API'], Date.parse('2026-07-01T10:00:00Z'));
    expect(q).toContain("WHERE Interval = 'Hourly' AND EventType IN ('Report','API') AND CreatedDate >= 2026-07-01T10:00:00.000Z");
    expect(q).toMatch(/ORDER BY CreatedDate ASC NULLS FIRST, Id ASC$/);
  });

  it('queries RTEM objects in bounded EventDate windows, descending', () => {
    const q = rtemQuery('ApiEvent', Date.parse('2026-07-01T10:00:00Z'), Date.parse('2026-07-01T11:00:00Z'));
    expect(q).toBe('SELECT FIELDS(STANDARD) FROM ApiEvent WHERE EventDate > 2026-07-01T10:00:00.000Z AND EventDate <= 2026-07-01T11:00:00.000Z ORDER BY EventDate DESC');
  });

  it('refuses names that would inject SOQL', () => {
    expect(() => elfQuery('Daily', ["Report') OR Id != ('"], 0)).toThrow(SoqlNameError);
    expect(() => rtemQuery('ApiEvent WHERE', 0, 1)).toThrow(SoqlNameError);
  });
});

describe('salesforce datetimes', () => {
  it('reads the +0000, +00:00 and Z forms', () => {
    const ms = Date.parse('2021-06-03T12:19:12.000Z');
    expect(parseSfTime('2021-06-03T12:19:12.000+0000')).toBe(ms);
    expect(parseSfTime('2021-06-03T14:19:12.000+0200')).toBe(ms);
    expect(parseSfTime('2021-06-03T12:19:12.000Z')).toBe(ms);
    expect(() => parseSfTime('yesterday')).toThrow(SalesforceTimeError);
  });
});
