import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEscalation } from '../../lib/core/alert-escalation.ts';
import { AlertSchema, type Alert } from '../../lib/core/alert.ts';
import { fixedClock } from '../../lib/core/clock.ts';
import { parseConfig, type ConfigInput } from '../../lib/core/config.ts';
import { runBatch } from '../../lib/core/engine.ts';
import type { NormalizedEvent } from '../../lib/core/event.ts';
import { emptySnapshot } from '../../lib/core/state.ts';
import { ev, weekdaysBefore } from '../support/event-factory.ts';
import { applyChanges } from '../support/apply-changes.ts';

/**
 * Issue 16 part 4: a CRM export followed within hours by the same person sending data out of the org is ONE
 * T1213.004 alert carrying the chain, whichever half arrives first, and joins the CRM alert when there is one.
 */
const clock = fixedClock(Date.parse('2026-12-01T00:00:00Z'));
const cfg = (over: ConfigInput = {}) => parseConfig({ org: { internalDomains: ['example.com'] }, trustedNetworks: ['198.51.100.0/24'], ...over });
const office = { ip: '198.51.100.7' };
const DAY = '2026-11-20';

/** Fifteen weekdays of a sales person's morning report runs and one export, from the office: exporting is her habit. */
const history: NormalizedEvent[] = weekdaysBefore(DAY, 15).flatMap((d) => [
  ev(`${d}T09:00:00Z`, { actor: { id: 'ana' }, action: 'report_run', vendorAction: 'Report', count: 400, entities: ['Contact'], src: office }),
  ev(`${d}T09:05:00Z`, { actor: { id: 'ana' }, action: 'export', vendorAction: 'ReportExport', object: { type: 'report', id: '00O1', name: 'Pipeline' }, src: office }),
]);

/** Her export of the day: within her habit, it does not alert alone. */
const exportAt = (time: string, actor = 'ana') =>
  ev(time, { actor: { id: actor }, action: 'export', vendorAction: 'ReportExport', object: { type: 'report', id: '00O2', name: 'All Contacts' }, src: office });
/** The same person in Slack (joined by e-mail) uploading into a Slack Connect channel shared with a personal workspace. */
const slackOut = (time: string, email = 'ana@example.com') => ev(time, {
  source: 'slack', app: 'slack', actor: { id: 'U-ana', email }, action: 'file_upload', vendorAction: 'file_uploaded',
  object: { type: 'file', id: 'F1', name: 'contacts.csv' }, external: { org: 'ana-personal', domain: 'gmail.com' }, src: office,
});

/** Batches in the given order after the history; alerts as the driver records them (escalations applied). */
function replay(batches: NormalizedEvent[][], config = cfg()): Alert[] {
  let state = applyChanges(emptySnapshot(), runBatch(history, emptySnapshot(), config, clock, 'history'));
  const alerts: Alert[] = [];
  batches.forEach((events, i) => {
    const r = runBatch(events, state, config, clock, `b${i}-${events.map((e) => e.id).join(',')}`);
    state = applyChanges(state, r);
    alerts.push(...r.alerts);
    for (const e of r.escalations) {
      const recorded = [...alerts].reverse().find((a) => a.id === e.id);
      if (recorded) alerts.push(applyEscalation(recorded, e));
    }
  });
  for (const a of alerts) AlertSchema.parse(a);
  return alerts;
}

/** The latest version of each alert id. */
const latest = (alerts: Alert[]): Alert[] => [...new Map(alerts.map((a) => [a.id, a])).values()];
const chained = (alerts: Alert[]): Alert[] => latest(alerts).filter((a) => a.evidence.chain);

describe('exfiltration chain across sources', () => {
  it('an export, then a Slack upload out of the org 2 h later: one T1213.004 alert with the chain steps in time order', () => {
    const alerts = replay([[exportAt(`${DAY}T10:00:00Z`)], [slackOut(`${DAY}T12:00:00Z`)]]);
    expect(latest(alerts)).toHaveLength(1);
    const [a] = latest(alerts);
    expect(a!.technique).toBe('T1213.004');
    expect(a!.escalation.tier).toBe(2);
    expect(a!.escalation.reasons).toContain('exfiltration-chain');
    expect(a!.principal).toMatchObject({ source: 'salesforce', id: 'ana' });
    expect(a!.evidence.chain!.steps.map((s) => [s.time, s.role, s.source, s.app, s.action, s.object, s.destination])).toEqual([
      ['2026-11-20T10:00:00Z', 'collection', 'salesforce', 'salesforce', 'export', 'All Contacts', undefined],
      ['2026-11-20T12:00:00Z', 'leaving', 'slack', 'slack', 'file_upload', 'contacts.csv', 'gmail.com'],
    ]);
  });

  it('finds the same chain, as the same alert, when the upload\'s batch comes before the export\'s', () => {
    const exportFirst = chained(replay([[exportAt(`${DAY}T10:00:00Z`)], [slackOut(`${DAY}T12:00:00Z`)]]));
    const uploadFirst = chained(replay([[slackOut(`${DAY}T12:00:00Z`)], [exportAt(`${DAY}T10:00:00Z`)]]));
    expect(uploadFirst).toHaveLength(1);
    expect(uploadFirst[0]!.id).toBe(exportFirst[0]!.id);
    expect(uploadFirst[0]!.evidence.chain!.steps.map((s) => s.role)).toEqual(['collection', 'leaving']);
  });

  it('joins the CRM volume alert instead of raising a second one, in either order', () => {
    // 80,000 rows at night from an unknown network: a Tier-2 export-volume alert on its own.
    const night = ev(`${DAY}T01:00:00Z`, { actor: { id: 'ana' }, action: 'export', vendorAction: 'API', count: 80_000, entities: ['Contact'], src: { ip: '203.0.113.9' } });
    const link = ev(`${DAY}T03:00:00Z`, { source: 'm365', app: 'onedrive', actor: { id: 'ana@example.com', email: 'ana@example.com' }, action: 'public_link', vendorAction: 'AnonymousLinkCreated', object: { type: 'file', id: 'https://x/contacts.xlsx', name: 'contacts.xlsx' } });
    for (const order of [[[night], [link]], [[link], [night]], [[night, link]]]) {
      const alerts = latest(replay(order));
      const crm = alerts.filter((a) => a.technique === 'T1213.004');
      expect(crm, JSON.stringify(crm.map((a) => a.detector))).toHaveLength(1);
      expect(crm[0]!.detector).toBe('crm.export-volume');
      expect(crm[0]!.evidence.chain?.steps.map((s) => s.action)).toEqual(['export', 'public_link']);
      expect(crm[0]!.escalation.reasons).toContain('exfiltration-chain');
    }
  });

  it('raises no chain for data leaving 10 h after the export (outside the 6 h default), but does with a 12 h window', () => {
    const batches = [[exportAt(`${DAY}T08:00:00Z`)], [slackOut(`${DAY}T18:00:00Z`)]];
    expect(chained(replay(batches))).toEqual([]);
    expect(chained(replay(batches, cfg({ chains: { exfiltration: { windowHours: 12 } } })))).toHaveLength(1);
  });

  it('raises no chain when someone else sends data out', () => {
    expect(chained(replay([[exportAt(`${DAY}T10:00:00Z`)], [slackOut(`${DAY}T11:00:00Z`, 'ben@example.com')]]))).toEqual([]);
  });

  it('raises no chain for an upload or share inside the org', () => {
    const internalShare = ev(`${DAY}T11:00:00Z`, { source: 'm365', app: 'sharepoint', actor: { id: 'ana@example.com' }, action: 'file_share', vendorAction: 'SharingInvitationCreated', object: { type: 'file', id: 'deck.pptx' }, external: { user: 'ben@example.com', domain: 'example.com' } });
    const internalUpload = ev(`${DAY}T11:10:00Z`, { source: 'slack', app: 'slack', actor: { id: 'U-ana', email: 'ana@example.com' }, action: 'file_upload', vendorAction: 'file_uploaded', object: { type: 'file', id: 'F2' } });
    expect(chained(replay([[exportAt(`${DAY}T10:00:00Z`)], [internalShare, internalUpload]]))).toEqual([]);
  });

  it('does not chain the weekly habit of exporting a report and posting the deck in an internal channel', () => {
    const weeks = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'];
    const batches = weeks.map((d) => [
      exportAt(`${d}T09:30:00Z`),
      ev(`${d}T10:30:00Z`, { source: 'slack', app: 'slack', actor: { id: 'U-ana', email: 'ana@example.com' }, action: 'file_upload', vendorAction: 'file_uploaded', object: { type: 'file', id: `deck-${d}` }, src: office }),
      ev(`${d}T10:31:00Z`, { source: 'slack', app: 'slack', actor: { id: 'U-ana', email: 'ana@example.com' }, action: 'file_share', vendorAction: 'file_shared', object: { type: 'file', id: `deck-${d}` }, src: office }),
    ]);
    expect(replay(batches)).toEqual([]);
  });

  it('an export that did not alert alone and data leaving: the chain alone is the alert', () => {
    const alerts = replay([[exportAt(`${DAY}T10:00:00Z`)]]);
    expect(alerts).toEqual([]);
    const withLeaving = latest(replay([[exportAt(`${DAY}T10:00:00Z`)], [slackOut(`${DAY}T10:30:00Z`)]]));
    expect(withLeaving.map((a) => [a.detector, a.escalation.tier])).toEqual([['chain.exfiltration', 2]]);
  });

  it('recognises steps by app and action, not source: a Dynamics export, a mail forward outside, a Google Drive public link', () => {
    const dyn = ev(`${DAY}T10:00:00Z`, { source: 'm365', app: 'dynamics365', actor: { id: 'ana@example.com' }, action: 'export', vendorAction: 'ExportToExcel', entities: ['contact'] });
    const forward = ev(`${DAY}T10:20:00Z`, { source: 'm365', app: 'exchange', actor: { id: 'ana@example.com' }, action: 'config_change', vendorAction: 'New-InboxRule', external: { user: 'ana.home@gmail.com', domain: 'gmail.com' } });
    const drive = ev(`${DAY}T10:40:00Z`, { source: 'google-workspace', app: 'google-drive', actor: { id: 'g-ana', email: 'ana@example.com' }, action: 'public_link', vendorAction: 'change_document_visibility', object: { type: 'file', id: 'd1', name: 'contacts.csv' } });
    const [a] = chained(replay([[dyn], [forward, drive]]));
    expect(a!.evidence.chain!.steps.map((s) => `${s.app}:${s.action}:${s.destination ?? ''}`)).toEqual([
      'dynamics365:export:', 'exchange:config_change:ana.home@gmail.com', 'google-drive:public_link:public link',
    ]);
  });

  it('publishes nothing again when a batch is re-delivered, and updates once when the chain grows', () => {
    let state = applyChanges(emptySnapshot(), runBatch(history, emptySnapshot(), cfg(), clock, 'history'));
    const run = (events: NormalizedEvent[], id: string) => {
      const r = runBatch(events, state, cfg(), clock, id);
      state = applyChanges(state, r);
      return r;
    };
    run([exportAt(`${DAY}T10:00:00Z`)], 'x');
    const upload = slackOut(`${DAY}T11:00:00Z`);
    expect(run([upload], 'up').alerts).toHaveLength(1);
    const again = run([upload], 'up');
    expect([again.alerts, again.escalations]).toEqual([[], []]);
    const more = ev(`${DAY}T13:00:00Z`, { source: 'm365', app: 'onedrive', actor: { id: 'ana@example.com' }, action: 'public_link', vendorAction: 'AnonymousLinkCreated', object: { type: 'file', id: 'x.xlsx' } });
    const grown = run([more], 'link');
    expect(grown.escalations.map((e) => [e.update, e.chain?.total])).toEqual([[1, 3]]);
  });

  it('finds the chain whatever the order of the batches its steps arrive in (fast-check)', () => {
    const config = cfg();
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10 * 60 }), // minutes from the export to the data leaving
      fc.integer({ min: 0, max: 2 }), // how the steps are batched
      fc.boolean(), // leaving batch first
      (minutes, split, leavingFirst) => {
        const exp = exportAt(`${DAY}T08:00:00Z`);
        const out = slackOut(new Date(Date.parse(`${DAY}T08:00:00Z`) + minutes * 60_000).toISOString());
        const noise = ev(`${DAY}T09:00:00Z`, { actor: { id: 'ana' }, action: 'report_run', vendorAction: 'Report', count: 300, entities: ['Contact'], src: office });
        const batches = split === 0 ? [[exp, out, noise]] : split === 1 ? [[exp, noise], [out]] : [[exp], [noise], [out]];
        const ordered = leavingFirst ? [...batches].reverse() : batches;
        const found = chained(replay(ordered, config));
        expect(found.length).toBe(minutes <= 6 * 60 ? 1 : 0);
        if (found.length) expect(found[0]!.evidence.chain!.steps.map((s) => s.event)).toEqual([exp.id, out.id]);
      },
    ), { numRuns: 40 });
  });
});
