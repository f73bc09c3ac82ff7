import { describe, expect, it } from 'vitest';
import { alertEmailText } from '../../../lib/adapters/alerts/alert-email-text.ts';
import { SUBJECT_MAX, alertSubject, toAsciiLine } from '../../../lib/adapters/alerts/alert-subject.ts';
import { trimAlert } from '../../../lib/adapters/alerts/alert-trim.ts';
import { SNS_MESSAGE_BUDGET, SNS_MESSAGE_LIMIT, alertPublishInput, publishBytes } from '../../../lib/adapters/alerts/sns-alert-publisher.ts';
import { AlertSchema } from '../../../lib/core/alert.ts';
import { sampleAlert } from './sample-alert.ts';

const printableAscii = /^[\x20-\x7E]+$/;

describe('alertSubject', () => {
  it('leads with severity and tier, then the title and who', () => {
    expect(alertSubject(sampleAlert())).toBe('[HIGH][T2] Salesforce: 48,213 Contact rows exported in 1 h (baseline 600/day) - jdoe@example.com');
  });

  it('stays under 100 printable ASCII characters whatever the title', () => {
    const long = sampleAlert({
      title: `Microsoft 365: Zoë Ångström downloaded 9,999 files — “Project Ünicorn” ${'x'.repeat(200)}…`,
      severity: 'critical',
      principal: { source: 'm365', id: 'zoe@example.com', name: 'zoë.ångström@example.com' },
    });
    const s = alertSubject(long);
    expect(s.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(s).toMatch(printableAscii);
    expect(s.startsWith('[CRITICAL][T2] Microsoft 365: Zoe Angstrom downloaded 9,999 files')).toBe(true);
    expect(s).toContain('... - zoe.angstrom@example.com');
  });

  it('does not repeat the principal when the title already names it', () => {
    const a = sampleAlert({ title: 'Slack: jdoe@example.com exported 3 channels' });
    expect(alertSubject(a)).toBe('[HIGH][T2] Slack: jdoe@example.com exported 3 channels');
  });

  it('turns line breaks and control characters into spaces or nothing', () => {
    expect(toAsciiLine('a\nb\u0007c\u200Bd')).toBe('a bc d');
  });
});

describe('alertEmailText', () => {
  it('answers the Tier-1 questions, says why to escalate, and lists evidence and playbook', () => {
    const text = alertEmailText(sampleAlert());
    expect(text.split('\n')[0]).toBe('Salesforce: 48,213 Contact rows exported in 1 h (baseline 600/day)');
    expect(text).toContain('Severity: HIGH (score 87)');
    expect(text).toContain('Tier 2 - escalate now');
    expect(text).toContain('Outside business hours? yes');
    expect(text).toContain('Source IP: 185.220.101.44 (never seen for this person, not a trusted network)');
    expect(text).toContain('Unusual volume? 48,213, baseline 600, z 9.1');
    expect(text).toContain('Other recent alerts for this person: 1');
    expect(text).toContain('Accessed these resources before? no');
    expect(text).toContain('never touched before: 80%');
    expect(text).toContain('external-unknown-ip: activity from an external IP never seen for this person');
    expect(text).toContain('large-export:');
    expect(text).toContain('Objects: Contact');
    expect(text).toContain('Raw record: raw/x.ndjson.gz line 7');
    expect(text).toMatch(/Playbook - Tier 1\n {2}1\. Confirm with the user’s manager/);
    expect(text).toMatch(/Containment\n {2}1\. Freeze the user/);
    expect(text).toContain('Alert id: a1b2c3d4e5f6');
  });

  it('says so when there is no IP or baseline, and shows de-escalation', () => {
    const text = alertEmailText(sampleAlert({
      triage: { offHours: false, sourceIp: { ip: null, known: false, trusted: false }, unusualVolume: { value: 5, baseline: null, z: null }, recentAlerts: 0, accessedBefore: true },
      escalation: { tier: 1, reasons: [], deescalation: ['service-account-within-habits'] },
    }));
    expect(text).toContain('Source IP: not in the logs');
    expect(text).toContain('Unusual volume? 5, no baseline yet');
    expect(text).toContain('Tier 1 - handle at Tier 1');
    expect(text).toContain('lowered: service-account-within-habits');
  });
  it('lists an exfiltration chain step by step, and a trimmed record keeps it', () => {
    const chain = {
      windowHours: 6, total: 2, steps: [
        { time: '2026-11-21T02:10:00Z', role: 'collection' as const, source: 'salesforce' as const, app: 'salesforce' as const, action: 'export' as const, object: 'All Contacts', event: 'ev-1' },
        { time: '2026-11-21T03:00:00Z', role: 'leaving' as const, source: 'm365' as const, app: 'onedrive' as const, action: 'public_link' as const, object: 'contacts.xlsx', destination: 'public link', event: 'ev-9' },
      ],
    };
    const alert = sampleAlert({ escalation: { tier: 2, reasons: ['exfiltration-chain'] }, evidence: { ...sampleAlert().evidence, chain } });
    const text = alertEmailText(alert);
    expect(text).toContain('exfiltration-chain: a CRM export followed by the same person sending data out of the org');
    expect(text).toMatch(/Exfiltration chain \(within 6 h; 2 steps\)\n {2}1\. 2026-11-21T02:10:00Z collection salesforce export All Contacts\n {2}2\. 2026-11-21T03:00:00Z leaving onedrive public_link contacts.xlsx -> public link/);
    expect(AlertSchema.parse(trimAlert(alert)).evidence.chain).toEqual(chain);
  });
});

describe('alertPublishInput', () => {
  it('carries the alert JSON by default, text for e-mail, and filterable attributes', () => {
    const alert = sampleAlert();
    const input = alertPublishInput('arn:aws:sns:eu-west-1:111122223333:alerts', alert);
    expect(input.MessageStructure).toBe('json');
    const msg = JSON.parse(input.Message!) as { default: string; email: string };
    expect(JSON.parse(msg.default)).toEqual(alert);
    expect(msg.email).toBe(alertEmailText(alert));
    expect(input.Subject).toBe(alertSubject(alert));
    expect(input.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'high' },
      technique: { DataType: 'String', StringValue: 'T1213.004' },
      tier: { DataType: 'Number', StringValue: '2' },
      source: { DataType: 'String', StringValue: 'salesforce' },
    });
  });

  it('stays under 256 KB in every protocol whatever the vendor strings: past the budget it sends the summary', () => {
    const copy = { bucket: 'raw', key: 'alerts/dt=2026-11-21/a1b2c3d4e5f6.json' };
    const hostile = [
      sampleAlert({ title: `Salesforce: clients ${'python/3.11 '.repeat(100_000)}` }),
      sampleAlert({ principal: { source: 'slack', id: 'U'.repeat(300_000), name: '名'.repeat(200_000) } }),
      sampleAlert({ evidence: { events: 1, sample: [], objects: Array.from({ length: 200 }, (_, i) => `${i}${'c'.repeat(2_500)}`), ips: [], facts: { clients: 'x'.repeat(500_000) } } }),
    ];
    for (const alert of hostile) {
      const input = alertPublishInput('arn:aws:sns:eu-west-1:111122223333:alerts', alert, { fullCopy: copy });
      expect(publishBytes(input)).toBeLessThanOrEqual(SNS_MESSAGE_BUDGET);
      const msg = JSON.parse(input.Message!) as { default: string; email: string };
      expect(JSON.parse(msg.default)).toMatchObject({ summary: true, id: alert.id, severity: 'high', tier: 2, fullAlert: copy });
      expect(msg.email).toContain('s3://raw/alerts/dt=2026-11-21/a1b2c3d4e5f6.json');
      expect(input.Subject!.length).toBeLessThan(100);
    }
    expect(SNS_MESSAGE_BUDGET).toBeLessThan(SNS_MESSAGE_LIMIT);
  });

  it('sends the summary for a trimmed record even when the trimmed alert would fit', () => {
    const input = alertPublishInput('arn', sampleAlert(), { trimmed: true });
    expect(JSON.parse(JSON.parse(input.Message!).default)).toMatchObject({ summary: true, id: 'a1b2c3d4e5f6' });
  });
});

describe('trimAlert', () => {
  it('keeps a valid alert of bounded size, saying what it left out and where the full one is', () => {
    const alert = sampleAlert({
      title: 'T'.repeat(100_000),
      evidence: { events: 9, sample: Array.from({ length: 5000 }, (_, i) => `ev-${i}`), objects: Array.from({ length: 5000 }, () => '界'.repeat(5000)), ips: ['1.2.3.4'], refs: Array.from({ length: 50 }, (_, i) => ({ file: 'f'.repeat(10_000), line: i })), facts: { big: 'x'.repeat(1e6) } },
      playbook: { l1: Array.from({ length: 100 }, () => 'p'.repeat(10_000)), t2: [], containment: [] },
    });
    const t = trimAlert(alert, { bucket: 'raw', key: 'alerts/x.json' });
    expect(AlertSchema.safeParse(t).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(t))).toBeLessThan(100 * 1024);
    expect(t.evidence.facts).toEqual({ truncated: true, fullAlert: 's3://raw/alerts/x.json', omitted: { sample: 4990, objects: 4990, refs: 40 } });
    expect(t.evidence.events).toBe(9);
    expect(t.id).toBe(alert.id);
  });
});
