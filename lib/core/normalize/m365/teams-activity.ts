import { z } from 'zod';
import type { Action, NormalizedEvent } from '../../event.ts';
import type { FamilyNormalizer } from './family-normalizer.ts';
import { readFamilyFields } from './family-normalizer.ts';
import type { EventBase } from './base-event.ts';
import { finishEvent } from './base-event.ts';
import { optInt, optText } from './record-schema.ts';
import { externalFromAddress, isGuestUpn } from './guest-upn.ts';
import { compiled } from '../compiled-schema.ts';
import { lookupTable } from '../lookup-table.ts';

/** Teams operations (RecordType 25; api-contracts.md §2.9). Unlisted operations → `other`. */
const ACTIONS = lookupTable<Action>({
  MessagesExported: 'message_export',
  ChatRetrieved: 'message_read',
  MessageRead: 'message_read',
  MessagesListed: 'message_read',
  MessageHostedContentRead: 'message_read',
  MessageHostedContentsListed: 'message_read',
  MemberAdded: 'member_added',
  MemberRemoved: 'member_removed',
  MemberRoleChanged: 'role_change',
  AppInstalled: 'app_install',
  BotAddedToTeam: 'app_install',
  ConnectorAdded: 'app_install',
  // An upgrade can bring new permissions with it.
  AppUpgraded: 'app_scope_change',
  InviteSent: 'external_invite',
  TerminatedSharing: 'external_disconnect',
  TeamsSessionStarted: 'login',
  TeamCreated: 'config_change',
  TeamDeleted: 'config_change',
  ChannelAdded: 'config_change',
  ChannelDeleted: 'config_change',
  TabAdded: 'config_change',
  TeamSettingChanged: 'config_change',
  // Org-wide Teams settings (external access, guest access, app policies) guard what can leave.
  TeamsTenantSettingChanged: 'guardrail_change',
});

/** `Members[].Role` for MemberAdded/MemberRemoved: 0 Member, 1 Owner, 2 Guest (MemberRoleChanged differs: kept raw). */
const MEMBER_ROLES: Record<number, string> = { 0: 'member', 1: 'owner', 2: 'guest' };

const MemberSchema = compiled('Teams member', z.object({ UPN: optText, DisplayName: optText, Role: optInt }));
type Member = z.infer<typeof MemberSchema>;

/** Shared-channel invitee: its shape is not documented, so accept an address or an object naming one. */
const InviteeSchema = z.union([
  z.string(),
  z.object({
    UPN: optText, Upn: optText, Email: optText, Mail: optText, DisplayName: optText, TenantId: optText, TenantName: optText,
  }),
]).optional().catch(undefined);

const TeamsFieldsSchema = compiled('Teams fields', z.object({
  TeamName: optText,
  TeamGuid: optText,
  ChannelName: optText,
  ChannelGuid: optText,
  ChannelType: optText,
  Members: z.array(z.unknown()).optional().catch(undefined),
  Messages: z.array(z.unknown()).optional().catch(undefined),
  AddOnName: optText,
  AddOnGuid: optText,
  AddOnType: optInt,
  Name: optText,
  OldValue: optText,
  NewValue: optText,
  Invitee: InviteeSchema,
}));
type TeamsFields = z.infer<typeof TeamsFieldsSchema>;

const ADDON_TYPES: Record<number, string> = { 1: 'bot', 2: 'connector', 3: 'tab' };

export const normalizeTeams: FamilyNormalizer = (raw, base) => {
  const read = readFamilyFields(TeamsFieldsSchema, raw);
  if (!read.ok) return read.outcome;
  const f = read.data;
  const op = base.vendorAction;
  const action = ACTIONS.get(op) ?? (/SettingChanged$/.test(op) ? 'config_change' : 'other');
  const members = (f.Members ?? []).flatMap((m) => {
    const parsed = MemberSchema.safeParse(m);
    return parsed.success ? [parsed.data] : [];
  });

  // Membership changes fan out: one event per member, so each external party is seen on its own.
  if ((action === 'member_added' || action === 'member_removed' || action === 'role_change') && members.length > 0) {
    return { ok: true, events: members.map((m, n) => memberEvent(base, action, f, m, n)) };
  }

  const isApp = action === 'app_install' || action === 'app_scope_change';
  const event = finishEvent(base, action, {
    object: isApp ? { type: 'app', id: f.AddOnGuid, name: f.AddOnName } : teamOf(f),
    count: f.Messages?.length,
    external: action === 'external_invite' ? inviteeOf(f, members) : undefined,
    details: {
      addOnType: isApp && f.AddOnType !== undefined ? ADDON_TYPES[f.AddOnType] ?? String(f.AddOnType) : undefined,
      team: isApp ? f.TeamName : undefined,
      channelType: f.ChannelType,
      setting: f.Name,
      oldValue: f.OldValue,
      newValue: f.NewValue,
    },
  });
  return { ok: true, events: [event] };
};

function teamOf(f: TeamsFields): NormalizedEvent['object'] {
  if (f.ChannelGuid || f.ChannelName) return { type: 'channel', id: f.ChannelGuid, name: f.ChannelName };
  if (f.TeamGuid || f.TeamName) return { type: 'team', id: f.TeamGuid, name: f.TeamName };
  return undefined;
}

function memberEvent(base: EventBase, action: Action, f: TeamsFields, m: Member, n: number): NormalizedEvent {
  const upn = m.UPN?.trim();
  // A UPN that is not an address (rare) still identifies the member.
  const party = upn ? externalFromAddress(upn, m.DisplayName) ?? { user: upn.toLowerCase(), name: m.DisplayName?.trim() || undefined } : undefined;
  const guest = m.Role === 2 || (upn ? isGuestUpn(upn) : false);
  // Only guests and members from another domain than the actor's are external parties; colleagues are not.
  const actorDomain = (base.actor.email ?? base.actor.id).split('@')[1]?.toLowerCase();
  const external = party && (guest || (party.domain !== undefined && actorDomain !== undefined && party.domain !== actorDomain)) ? party : undefined;
  const role = m.Role === undefined ? undefined : action === 'role_change' ? m.Role : MEMBER_ROLES[m.Role] ?? m.Role;
  return finishEvent({ ...base, id: n === 0 ? base.id : `${base.id}#${n}` }, action, {
    object: teamOf(f),
    external,
    details: { role, guest, member: upn?.toLowerCase() },
  });
}

function inviteeOf(f: TeamsFields, members: Member[]): NormalizedEvent['external'] {
  const inv = f.Invitee;
  if (typeof inv === 'string') return externalFromAddress(inv) ?? { name: inv };
  if (inv) {
    const address = inv.UPN ?? inv.Upn ?? inv.Email ?? inv.Mail;
    const ext = (address ? externalFromAddress(address, inv.DisplayName) : undefined) ?? (inv.DisplayName ? { name: inv.DisplayName } : {});
    const org = inv.TenantName ?? inv.TenantId;
    const withOrg = org ? { ...ext, org } : ext;
    if (Object.keys(withOrg).length > 0) return withOrg;
  }
  const first = members.find((m) => m.UPN);
  return first?.UPN ? externalFromAddress(first.UPN, first.DisplayName) : undefined;
}
