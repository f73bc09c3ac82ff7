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

export type FileAction = 'file_downloaded' | 'file_uploaded' | 'file_shared' | 'file_public_link_created';

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

/** `public_channel_preview`: a public channel read without joining it. */
export function channelPreview(rng: Prng, p: Person, t: number, channel: SlackChannel, client: SlackClient): JsonRecord {
  return entry(rng, t, 'public_channel_preview', internalActor(p), { type: 'channel', channel }, client);
}

export interface SlackApp {
  id: string;
  name: string;
}

/** `app_scopes_expanded`: an installed app granted more scopes (api-contracts §3.7 details shape). */
export function appScopesExpanded(rng: Prng, p: Person, t: number, app: SlackApp, previous: string[], next: string[],
  client: SlackClient): JsonRecord {
  return entry(rng, t, 'app_scopes_expanded', internalActor(p), {
    type: 'app', app: { ...app, is_distributed: true, is_directory_approved: false, is_workflow_app: false, scopes: next },
  }, client, {
    new_scopes: next, previous_scopes: previous, granular_bot_token: true, is_internal_integration: false, app_owner_id: p.slackId,
  });
}

/** `app_installed` with the scopes the installer granted. */
export function appInstalled(rng: Prng, p: Person, t: number, app: SlackApp, scopes: string[], client: SlackClient): JsonRecord {
  return entry(rng, t, 'app_installed', internalActor(p), {
    type: 'app', app: { ...app, is_distributed: true, is_directory_approved: false, is_workflow_app: false, scopes },
  }, client, { scopes, granular_bot_token: true, is_internal_integration: false, installer_user_id: p.slackId });
}

/** `anomaly` (api-contracts §3.6): `details.reason` is a list; `action_timestamp` in ms. */
export function anomalyEvent(rng: Prng, p: Person, t: number, reasons: string[], client: SlackClient, extra: JsonRecord = {}): JsonRecord {
  const actor = internalActor(p);
  return entry(rng, t, 'anomaly', actor, { type: 'user', user: actor }, client, {
    action_timestamp: t - rng.int(30, 600) * 1000, reason: reasons, ...extra,
  });
}

/** A workspace setting change (`pref.*`), e.g. `pref.dlp_access_changed`, with previous and new values. */
export function prefChanged(rng: Prng, p: Person, t: number, action: `pref.${string}`, previous: string, next: string,
  client: SlackClient): JsonRecord {
  return entry(rng, t, action, internalActor(p), { type: 'workspace', workspace: ORG.slackWorkspace }, client, {
    previous_value: previous, new_value: next, name: action.slice('pref.'.length),
  });
}

export type ExportAction = 'manual_export_started' | 'manual_export_completed' | 'manual_export_downloaded';

/** Workspace export lifecycle (`manual_export_*`) over [from, to] (epoch seconds in details). */
export function exportEvent(rng: Prng, p: Person, t: number, action: ExportAction, range: { from: number; to: number },
  client: SlackClient): JsonRecord {
  return entry(rng, t, action, internalActor(p), { type: 'workspace', workspace: ORG.slackWorkspace }, client, {
    export_type: 'standard', export_start_ts: Math.floor(range.from / 1000), export_end_ts: Math.floor(range.to / 1000),
  });
}
