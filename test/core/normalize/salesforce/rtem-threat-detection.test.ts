import { describe, expect, it } from 'vitest';
import { at, one, rtemEvents, soqlRecords } from './sf-fixtures.ts';
import { kindFromSummary, score100, threatKind } from '../../../../lib/core/normalize/salesforce/rtem-threat-detection.ts';

describe('RTEM Threat Detection *EventStore', () => {
  it('ReportAnomaly: vendor_anomaly with score 0–100, kind, reasons by contribution, rowCount as count, UA from features', () => {
    const e = at(rtemEvents('rtem-ReportAnomalyEventStore.json'), 0);
    expect(e).toMatchObject({
      action: 'vendor_anomaly', vendorAction: 'ReportAnomalyEventStore', count: 30000,
      src: { ip: '203.0.113.24', ua: 'python-requests/2.31.0' },
      details: { kind: 'ReportAnomaly', score: 87, reasons: ['rowCount', 'userAgent', 'numberColumns'] },
    });
    expect(String(e.details?.summary)).toMatch(/unusually high/);
  });

  it('ApiAnomaly: object-shaped SecurityEventData, Score as a string, 15-char UserId', () => {
    expect(at(rtemEvents('rtem-ApiAnomalyEventStore.json'), 0)).toMatchObject({
      action: 'vendor_anomaly', count: 250000, actor: { id: '0055e00000IntGrAAJ' }, details: { kind: 'ApiAnomaly', score: 42 },
    });
  });

  it('SessionHijacking: garbage SecurityEventData is flagged and the event still goes through', () => {
    const e = at(rtemEvents('rtem-SessionHijackingEventStore.json'), 0);
    expect(e).toMatchObject({ action: 'vendor_anomaly', details: { kind: 'SessionHijacking', score: 99, securityEventData: 'unreadable' } });
    expect(e.count).toBeUndefined();
    expect(e.details?.reasons).toEqual([expect.stringMatching(/browser fingerprint/)]);
  });

  it('CredentialStuffing: null SecurityEventData, Score 1 → 100', () => {
    const e = at(rtemEvents('rtem-CredentialStuffingEventStore.json'), 0);
    expect(e).toMatchObject({ details: { kind: 'CredentialStuffing', score: 100 } });
    expect(e.details?.securityEventData).toBeUndefined();
  });

  it('a bare row without object name gets its kind from the Summary', () => {
    const { attributes: _a, ...bare } = at(soqlRecords('rtem-ReportAnomalyEventStore.json'), 0);
    expect(one(bare, '').details).toMatchObject({ kind: 'ReportAnomaly', score: 87 });
  });

  it('helpers: kind names, score scaling', () => {
    expect(threatKind('ApiAnomalyEventStore')).toBe('ApiAnomaly');
    expect(threatKind('SessionHijackingEvent')).toBe('SessionHijacking');
    expect(kindFromSummary('Credential stuffing attack')).toBe('CredentialStuffing');
    expect(kindFromSummary(undefined)).toBe('ThreatDetection');
    expect(score100(0.9269)).toBe(93);
    expect(score100(55)).toBe(55);
    expect(score100(250)).toBe(100);
    expect(score100(-1)).toBeUndefined();
  });
});
