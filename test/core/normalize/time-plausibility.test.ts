import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../lib/core/clock.ts';
import type { Source } from '../../../lib/core/event.ts';
import { DAY, MINUTE } from '../../../lib/core/time.ts';
import {
  EARLIEST_PLAUSIBLE_MS, FUTURE_TOLERANCE_MS, MAX_RECORD_AGE_MS, newNormalizeContext, normalizeRecord,
} from '../../../lib/core/normalize/index.ts';
import type { NormalizeOutcome } from '../../../lib/core/normalize/index.ts';
import { elfReportRow, m365Download, rtemApiEvent, slackDownload } from '../../replay/vendor-fixtures.ts';

/** Collection time of the records below: 2026-11-10T12:00Z. */
const FETCHED = Date.UTC(2026, 10, 10, 12, 0, 0);

/** One record of each vendor (ELF and RTEM for Salesforce), dated `at`. */
const vendors: Array<{ name: string; source: Source; stream: string; record: (at: number) => Record<string, unknown> }> = [
  { name: 'Slack entry', source: 'slack', stream: 'audit', record: (at) => slackDownload(1, at) },
  { name: 'M365 record', source: 'm365', stream: 'Audit.SharePoint', record: (at) => m365Download('m-1', at, 'a.docx') },
  { name: 'Salesforce RTEM row', source: 'salesforce', stream: 'rtem:ApiEvent', record: (at) => rtemApiEvent('ev-1', at, 10) },
  { name: 'Salesforce ELF row', source: 'salesforce', stream: 'elf:Report', record: (at) => elfReportRow(1, at, 10) },
];

const normalize = (v: (typeof vendors)[number], at: number, collectedAt: number | undefined, now?: number): NormalizeOutcome =>
  normalizeRecord(v.source, { record: v.record(at), stream: v.stream, id: 'r-1', ref: { file: 'f', line: 1 }, collectedAt },
    newNormalizeContext(now === undefined ? undefined : fixedClock(now)));

describe('implausible-time, the same for every vendor', () => {
  for (const v of vendors) {
    it(`${v.name}: rejects a time more than ${FUTURE_TOLERANCE_MS / MINUTE} min after fetchedAt or more than ${MAX_RECORD_AGE_MS / DAY} days before it`, () => {
      // Seconds precision: Slack dates are whole seconds.
      expect(normalize(v, FETCHED + FUTURE_TOLERANCE_MS, FETCHED)).toMatchObject({ ok: true });
      expect(normalize(v, FETCHED + FUTURE_TOLERANCE_MS + 1000, FETCHED)).toMatchObject({ ok: false, reason: 'implausible-time' });
      expect(normalize(v, FETCHED - MAX_RECORD_AGE_MS, FETCHED)).toMatchObject({ ok: true });
      expect(normalize(v, FETCHED - MAX_RECORD_AGE_MS - 1000, FETCHED)).toMatchObject({ ok: false, reason: 'implausible-time' });
      const in2099 = normalize(v, Date.UTC(2099, 0, 1), FETCHED);
      expect(in2099).toMatchObject({ ok: false, reason: 'implausible-time' });
      expect(!in2099.ok && in2099.detail).toMatch(/^event time 2099-01-01T00:00:00Z is after 2026-11-10T12:15:00Z/);
    });

    it(`${v.name}: without fetchedAt (a vendor file) the run's clock is the collection time`, () => {
      expect(normalize(v, FETCHED, undefined, FETCHED)).toMatchObject({ ok: true });
      expect(normalize(v, FETCHED + 20 * MINUTE, undefined, FETCHED)).toMatchObject({ ok: false, reason: 'implausible-time' });
      expect(normalize(v, FETCHED - 500 * DAY, undefined, FETCHED)).toMatchObject({ ok: false, reason: 'implausible-time' });
    });
  }

  it('a forged fetchedAt after the run clock does not widen the window', () => {
    const slack = vendors[0]!;
    const y2099 = Date.UTC(2099, 0, 1);
    expect(normalize(slack, y2099, y2099, FETCHED)).toMatchObject({ ok: false, reason: 'implausible-time' });
    // An old batch replayed today is judged by its own fetchedAt: its records are not too old.
    expect(normalize(slack, FETCHED - 2 * 365 * DAY, FETCHED - 2 * 365 * DAY + MINUTE, FETCHED)).toMatchObject({ ok: true });
  });

  it('never accepts 1970 or any time before 2000, even with no collection time and no clock', () => {
    const slack = vendors[0]!;
    const early = normalize(slack, 1000, undefined);
    expect(early).toMatchObject({ ok: false, reason: 'implausible-time' });
    expect(!early.ok && early.detail).toBe('event time 1970-01-01T00:00:01Z is before 2000-01-01T00:00:00Z');
    expect(normalize(slack, EARLIEST_PLAUSIBLE_MS - 1000, undefined)).toMatchObject({ ok: false, reason: 'implausible-time' });
    expect(normalize(slack, Date.UTC(2099, 0, 1), undefined)).toMatchObject({ ok: true }); // nothing to judge the future by
  });
});
