import type { Prng } from '../prng.ts';
import type { Person } from '../org.ts';
import { ORG } from '../org.ts';
import type { SlackFile } from '../catalogue.ts';
import type { JsonRecord } from '../sink.ts';

/** Slack `/audit/v1/logs` entries (api-contracts §3.4–3.7). */

export interface SlackActor {
  id: string;
  name: string;
  email: string;
  team: string;
}

export const internalActor = (p: Person): SlackActor => ({ id: p.slackId, name: p.name, email: p.email, team: ORG.slackWorkspace.id });

/** Where the user acted from: one client session. */
export interface SlackClient {
  ip: string;
  ua: string;
  sessionId: number;
}

export const newSlackClient = (rng: Prng, ip: string, ua: string): SlackClient =>
  ({ ip, ua, sessionId: rng.int(100_000_000_000, 9_999_999_999_999) });

function entry(rng: Prng, t: number, action: string, actor: SlackActor, entity: JsonRecord, client: SlackClient,
  details?: JsonRecord): JsonRecord {
  const e: JsonRecord = {
    id: rng.uuid(),
    date_create: Math.floor(t / 1000),
    action,
    actor: { type: 'user', user: actor },
    entity,
    context: {
      location: { type: 'workspace', ...ORG.slackWorkspace },
      ua: client.ua,
      ip_address: client.ip,
      session_id: client.sessionId,
    },
  };
  if (details) e.details = details;
  return e;
}

export function userLogin(rng: Prng, p: Person, t: number, client: SlackClient): JsonRecord {
  const actor = internalActor(p);
  return entry(rng, t, 'user_login', actor, { type: 'user', user: actor }, client);
}

export type FileAction = 'file_downloaded' | 'file_uploaded' | 'file_shared';

export function fileEvent(rng: Prng, p: Person, t: number, action: FileAction, file: SlackFile, client: SlackClient): JsonRecord {
  const entity = { type: 'file', file: { id: file.id, name: file.name, filetype: file.filetype, title: file.title } };
  const details = action === 'file_downloaded'
    ? { url_private: `https://files.slack.com/files-pri/${ORG.slackWorkspace.id}-${file.id}/${encodeURIComponent(file.name)}` }
    : undefined;
  return entry(rng, t, action, internalActor(p), entity, client, details);
}

export interface SlackChannel {
  id: string;
  name: string;
  privacy: 'public' | 'private';
  is_shared: boolean;
  is_org_shared: boolean;
  teams_shared_with?: string[];
}

export function channelJoin(rng: Prng, p: Person, t: number, channel: SlackChannel, client: SlackClient): JsonRecord {
  return entry(rng, t, 'user_channel_join', internalActor(p), { type: 'channel', channel }, client);
}

/** The external side of a Slack Connect action, as `details` carries it. */
export interface ExternalParty {
  orgId: string;
  orgName: string;
  userId: string;
  userEmail: string;
}

export type ConnectAction =
  | 'external_shared_channel_invite_sent'
  | 'external_shared_channel_invite_accepted'
  | 'external_shared_channel_invite_approved'
  | 'external_shared_channel_connected';

export function connectEvent(rng: Prng, actor: SlackActor, t: number, action: ConnectAction, channel: SlackChannel,
  party: ExternalParty, client: SlackClient): JsonRecord {
  return entry(rng, t, action, actor, { type: 'channel', channel }, client, {
    external_organization_id: party.orgId,
    external_organization_name: party.orgName,
    external_user_id: party.userId,
    external_user_email: party.userEmail,
    channel_id: channel.id,
  });
}
