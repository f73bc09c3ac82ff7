import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { ev, weekdaysBefore } from '../../../support/event-factory.ts';
import { ORG, type DetectorCase } from './case.ts';

const office = { ip: '198.51.100.7' };
const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();
const slack = (actor: string, when: string, over: Partial<Omit<NormalizedEvent, 'actor'>> & { actor?: Partial<NormalizedEvent['actor']> }) => ev(when, { source: 'slack', app: 'slack', actor: { id: actor }, src: office, ...over });
const m365 = (actor: string, when: string, over: Partial<Omit<NormalizedEvent, 'actor'>>) => ev(when, { source: 'm365', app: 'sharepoint', actor: { id: actor }, src: office, ...over });

export const chatCatalogueCases: DetectorCase[] = [
  {
    name: 'a Slack workspace export started at night by a non-privileged user', detector: 'chat.bulk-export', config: ORG,
    events: [slack('U1', '2026-11-20T23:30:00Z', { action: 'message_export', vendorAction: 'manual_export_started', src: { ip: '203.0.113.8' } })],
    expect: [{ principal: 'U1' }],
  },
  {
    name: 'a scheduled export by a privileged admin in office hours from the office', detector: 'chat.bulk-export', config: { ...ORG, privilegedUsers: ['admin@example.com'] },
    events: [slack('U2', '2026-11-19T10:00:00Z', { actor: { id: 'U2', email: 'admin@example.com' }, action: 'message_export', vendorAction: 'scheduled_export_completed' })],
    expect: [],
  },
  {
    name: 'anonymous link to a file named like a password store', detector: 'chat.public-link', level: 'signal', config: ORG,
    events: [m365('a@example.com', '2026-11-20T12:00:00Z', { app: 'onedrive', action: 'public_link', vendorAction: 'AnonymousLinkCreated', object: { type: 'file', id: 'x', name: 'passwords.xlsx' } })],
    expect: [{ principal: 'a@example.com' }],
  },
  {
    name: 'one public link to a brochure', detector: 'chat.public-link', level: 'signal', config: ORG,
    events: [m365('b@example.com', '2026-11-20T12:00:00Z', { app: 'onedrive', action: 'public_link', vendorAction: 'AnonymousLinkCreated', object: { type: 'file', id: 'y', name: 'brochure.pdf' } })],
    expect: [],
  },
  {
    name: 'a .kdbx password database downloaded from Slack', detector: 'chat.sensitive-files', level: 'signal', config: ORG,
    events: [slack('U3', '2026-11-20T12:00:00Z', { action: 'file_download', object: { type: 'file', id: 'F1', name: 'team.kdbx' } })],
    expect: [{ principal: 'U3' }],
  },
  {
    name: 'ordinary file names are not sensitive', detector: 'chat.sensitive-files', level: 'signal', config: ORG,
    events: [slack('U4', '2026-11-20T12:00:00Z', { action: 'file_download', object: { type: 'file', id: 'F2', name: 'roadmap.pdf' } })],
    expect: [],
  },
  {
    name: 'seven channels previewed in ten minutes', detector: 'chat.channel-discovery', level: 'signal', config: ORG,
    events: Array.from({ length: 7 }, (_, i) => slack('U5', at('2026-11-20T13:00:00Z', i), { action: 'channel_preview', object: { type: 'channel', id: `C${i}`, name: `deal-${i}` } })),
    expect: [{ principal: 'U5' }],
  },
  {
    name: 'joining two channels is ordinary', detector: 'chat.channel-discovery', level: 'signal', config: ORG,
    events: Array.from({ length: 2 }, (_, i) => slack('U6', at('2026-11-20T13:00:00Z', i), { action: 'channel_join', object: { type: 'channel', id: `C${i}` } })),
    expect: [],
  },
  {
    name: 'an app gains channels:history and files:read', detector: 'chat.app-scope', level: 'signal', config: ORG,
    events: [slack('U7', '2026-11-20T13:00:00Z', { action: 'app_scope_change', object: { type: 'app', id: 'A1', name: 'Exporter' }, details: { addedScopes: ['channels:history', 'files:read'] } })],
    expect: [{ principal: 'U7' }],
  },
  {
    name: 'an app gaining only chat:write is not collection', detector: 'chat.app-scope', level: 'signal', config: ORG,
    events: [slack('U8', '2026-11-20T13:00:00Z', { action: 'app_scope_change', object: { type: 'app', id: 'A2', name: 'Poster' }, details: { addedScopes: ['chat:write'] } })],
    expect: [],
  },
  {
    name: 'Slack anomaly unexpected_scraping', detector: 'chat.vendor-anomaly', level: 'signal', config: ORG,
    events: [slack('U9', '2026-11-20T13:00:00Z', { action: 'vendor_anomaly', vendorAction: 'anomaly', details: { reasons: ['unexpected_scraping'] } })],
    expect: [{ principal: 'U9' }],
  },
  {
    name: 'a vendor anomaly alone never alerts', detector: 'chat.vendor-anomaly', config: ORG,
    events: [slack('U10', '2026-11-20T13:00:00Z', { action: 'vendor_anomaly', vendorAction: 'anomaly', details: { reasons: ['excessive_downloads'] } })],
    expect: [],
  },
  {
    name: 'MailItemsAccessed: 3,000 items in an hour by someone who reads ~40', detector: 'chat.mail-items', config: ORG,
    events: [
      ...weekdaysBefore('2026-11-20', 10).map((d) => m365('m@example.com', `${d}T09:00:00Z`, { app: 'exchange', action: 'mail_access', count: 40, object: { type: 'mailbox', name: 'm@example.com' } })),
      ...Array.from({ length: 6 }, (_, i) => m365('m@example.com', at('2026-11-20T22:00:00Z', i * 5), { app: 'exchange', action: 'mail_access', count: 500, object: { type: 'mailbox', name: 'm@example.com' }, src: { ip: '203.0.113.77' } })),
    ],
    expect: [{ principal: 'm@example.com', tier: 2 }],
  },
  {
    name: 'MailItemsAccessed within habit', detector: 'chat.mail-items', config: ORG,
    events: weekdaysBefore('2026-11-20', 11).map((d) => m365('n@example.com', `${d}T09:00:00Z`, { app: 'exchange', action: 'mail_access', count: 40 })),
    expect: [],
  },
  {
    name: 'Slack DLP access changed', detector: 'chat.guardrail-change', level: 'signal', config: ORG,
    events: [slack('U11', '2026-11-20T13:00:00Z', { action: 'guardrail_change', vendorAction: 'pref.dlp_access_changed' })],
    expect: [{ principal: 'U11' }],
  },
  {
    name: 'an ordinary settings change is not a guardrail', detector: 'chat.guardrail-change', level: 'signal', config: ORG,
    events: [slack('U12', '2026-11-20T13:00:00Z', { action: 'config_change', vendorAction: 'pref.emoji_only_admins' })],
    expect: [],
  },
];
