import { fixedClock } from '../../../../lib/core/clock.ts';
import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { newNormalizeContext, normalizeRecord } from '../../../../lib/core/normalize/index.ts';
import { weekdaysBefore } from '../../../support/event-factory.ts';
import { ORG, type DetectorCase } from './case.ts';

/**
 * Google Workspace activities (Reports API shape) through the normalizer into the existing detectors: the same
 * detectors as Slack/M365 fire, no Google-only copies.
 */
let n = 0;
function gw(at: string, app: string, actor: string, name: string, parameters: Record<string, unknown>[] = [], ip = '203.0.113.61'): NormalizedEvent {
  const uq = String(++n);
  const record = {
    kind: 'admin#reports#activity',
    id: { time: at, uniqueQualifier: uq, applicationName: app, customerId: 'C0case' },
    actor: { callerType: 'USER', email: actor, profileId: '1' },
    ownerDomain: 'example.com',
    ipAddress: ip,
    events: [{ type: 't', name, parameters }],
  };
  const out = normalizeRecord('google-workspace', { record, stream: app, id: `${app}:${at}:${uq}:${name}`, ref: { file: 'case', line: n } }, newNormalizeContext(fixedClock(Date.parse(at) + 60_000)));
  if (!out.ok) throw new Error(`case activity rejected: ${out.reason}`);
  return out.events[0]!;
}
const doc = (i: string) => [{ name: 'doc_id', value: `d-${i}` }, { name: 'doc_title', value: `plan-${i}.pdf` }, { name: 'doc_type', value: 'pdf' }];
const minute = (base: string, m: number) => new Date(Date.parse(base) + m * 60_000).toISOString();

export const googleWorkspaceCases: DetectorCase[] = [
  {
    name: 'Google Drive: 60 distinct files downloaded and printed in 15 minutes at night from a new IP',
    detector: 'chat.file-download-volume',
    config: ORG,
    events: [
      ...weekdaysBefore('2026-11-20', 10).flatMap((d) => [0, 1, 2].map((i) => gw(`${d}T10:0${i}:00.000Z`, 'drive', 'gina@example.com', 'download', doc(`${d}-${i}`), '198.51.100.30'))),
      ...Array.from({ length: 60 }, (_, i) => gw(minute('2026-11-20T21:00:00Z', i / 5), 'drive', 'gina@example.com', i % 10 === 0 ? 'print' : 'download', doc(`x${i}`))),
    ],
    expect: [{ principal: 'gina@example.com', tier: 2, valueAtLeast: 25 }],
  },
  {
    name: 'Google Drive: views of many files are not downloads',
    detector: 'chat.file-download-volume',
    config: ORG,
    events: Array.from({ length: 60 }, (_, i) => gw(minute('2026-11-20T21:00:00Z', i / 5), 'drive', 'hal@example.com', 'view', doc(`v${i}`))),
    expect: [],
  },
  {
    name: 'Google OAuth grant with Drive read scope is an app-scope signal',
    detector: 'chat.app-scope',
    level: 'signal',
    config: ORG,
    events: [gw('2026-11-20T13:00:00.000Z', 'token', 'ivy@example.com', 'authorize', [
      { name: 'client_id', value: '99.apps.googleusercontent.com' }, { name: 'app_name', value: 'PDF Helper' },
      { name: 'scope', multiValue: ['openid', 'https://www.googleapis.com/auth/drive.readonly'] },
    ])],
    expect: [{ principal: 'ivy@example.com' }],
  },
  {
    name: 'Google OAuth grant for sign-in only (openid, email) is no signal',
    detector: 'chat.app-scope',
    level: 'signal',
    config: ORG,
    events: [gw('2026-11-20T13:00:00.000Z', 'token', 'jon@example.com', 'authorize', [{ name: 'scope', multiValue: ['openid', 'https://www.googleapis.com/auth/userinfo.email'] }])],
    expect: [],
  },
  {
    name: 'Google Takeout export at night by a non-privileged user',
    detector: 'chat.bulk-export',
    config: ORG,
    events: [gw('2026-11-20T23:30:00.000Z', 'takeout', 'kim@example.com', 'takeout_export_started')],
    expect: [{ principal: 'kim@example.com' }],
  },
  {
    name: 'a Vault search is not an export',
    detector: 'chat.bulk-export',
    config: ORG,
    events: [gw('2026-11-20T23:30:00.000Z', 'vault', 'lea@example.com', 'search')],
    expect: [],
  },
];
