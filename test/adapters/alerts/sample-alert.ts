import type { Alert } from '../../../lib/core/alert.ts';
import { AlertSchema } from '../../../lib/core/alert.ts';

/** A DESIGN.md §4-shaped alert, validated so a contract change shows up here first. */
export function sampleAlert(over: Partial<Alert> = {}): Alert {
  return AlertSchema.parse({
    id: 'a1b2c3d4e5f6',
    detector: 'crm.export-volume',
    technique: 'T1213.004',
    title: 'Salesforce: 48,213 Contact rows exported in 1 h (baseline 600/day)',
    severity: 'high',
    score: 87,
    principal: { source: 'salesforce', id: '0055e000008hWkzAAE', name: 'jdoe@example.com' },
    window: { start: '2026-11-21T02:00:00Z', end: '2026-11-21T03:00:00Z' },
    triage: {
      offHours: true,
      sourceIp: { ip: '185.220.101.44', known: false, trusted: false },
      unusualVolume: { value: 48213, baseline: 600, z: 9.1 },
      recentAlerts: 1,
      accessedBefore: false,
      newResourceShare: 0.8,
    },
    escalation: { tier: 2, reasons: ['external-unknown-ip', 'large-export'] },
    evidence: { events: 14, sample: ['ev-1', 'ev-2'], objects: ['Contact'], ips: ['185.220.101.44'], refs: [{ file: 'raw/x.ndjson.gz', line: 7 }] },
    playbook: { l1: ['Confirm with the user’s manager whether the export was expected.'], t2: ['Pull the user’s sessions for the window.'], containment: ['Freeze the user and revoke sessions.'] },
    ...over,
  });
}
