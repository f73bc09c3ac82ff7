import { ev } from '../../../support/event-factory.ts';
import { ORG, type DetectorCase } from './case.ts';

const D = 'recon.lookalike-partner';
const invite = (actor: string, external: { org?: string; domain?: string; user?: string }) =>
  ev('2026-11-20T11:00:00Z', { source: 'slack', app: 'slack', action: 'external_invite', vendorAction: 'external_shared_channel_invite_sent', actor: { id: actor }, external });

export const reconLookalikePartnerCases: DetectorCase[] = [
  {
    name: 'Slack Connect invite to a hyphenated TLD-swapped lookalike of a partner',
    detector: D,
    config: ORG,
    events: [invite('U1', { org: 'Acme Logistics', domain: 'acme-logistics.co' })],
    expect: [{ principal: 'U1', tier: 2, reasons: ['lookalike-partner'] }],
  },
  {
    name: 'Teams guest from a homoglyph domain (l → 1 / i)',
    detector: D,
    config: ORG,
    events: [
      ev('2026-11-20T12:00:00Z', {
        source: 'm365', app: 'teams', action: 'member_added', vendorAction: 'MemberAdded', actor: { id: 'owner@example.com' },
        external: { user: 'billing@acmelogistlcs.com', domain: 'acmelogistlcs.com', name: 'Acme Billing' },
      }),
    ],
    expect: [{ principal: 'owner@example.com', tier: 2, reasons: ['lookalike-partner'] }],
  },
  {
    name: 'a lookalike of our own domain in a sharing target',
    detector: D,
    config: ORG,
    events: [ev('2026-11-20T12:00:00Z', { source: 'm365', app: 'onedrive', action: 'file_share', actor: { id: 'dan@example.com' }, external: { user: 'it@examp1e.com', domain: 'examp1e.com' } })],
    expect: [{ principal: 'dan@example.com', tier: 2 }],
  },
  {
    name: 'the real partner domain is not a lookalike',
    detector: D,
    config: ORG,
    events: [invite('U2', { org: 'Acme Logistics', domain: 'acmelogistics.com', user: 'ops@acmelogistics.com' })],
    expect: [],
  },
  {
    name: 'an unrelated external organisation is not a lookalike',
    detector: D,
    config: ORG,
    events: [invite('U3', { org: 'Contoso Ltd', domain: 'contoso.com' })],
    expect: [],
  },
];
