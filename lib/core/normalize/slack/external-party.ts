import { z } from 'zod';
import type { NormalizedEvent } from '../../event.ts';
import { emailDomain, slackEmail } from './actor.ts';
import type { SlackEntry, SlackRef } from './entry-schema.ts';
import { SlackRefSchema } from './entry-schema.ts';
import { compiled } from '../compiled-schema.ts';

type External = NonNullable<NormalizedEvent['external']>;

const TeamRefSchema = compiled('Slack team ref', z.union([
  z.string().min(1).transform((id): SlackRef => ({ id })),
  SlackRefSchema,
]));

/** Slack Connect fields of `details` (api-contracts.md §3.4) that name the other side. */
const ConnectDetailsSchema = compiled('Slack Connect details', z.object({
  external_organization_id: z.string().optional().catch(undefined),
  external_organization_name: z.string().optional().catch(undefined),
  external_organization_domain: z.string().optional().catch(undefined),
  external_user_id: z.string().optional().catch(undefined),
  external_user_email: z.string().optional().catch(undefined),
  external_user_name: z.string().optional().catch(undefined),
  target_team: z.unknown().optional(),
  origin_team: z.unknown().optional(),
  source_team: z.unknown().optional(),
  destination_team: z.unknown().optional(),
  added_team_id: z.unknown().optional(),
}));

const text = (s: string | undefined): string | undefined => (s && s.trim() ? s.trim() : undefined);

const compact = (e: External): External | undefined => {
  const out = Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as External;
  return Object.keys(out).length > 0 ? out : undefined;
};

/**
 * The other team of a Slack Connect action: the first team named in the details or in
 * `entity.channel.teams_shared_with` that is not the logging org (its location or the actor's team).
 */
function otherTeam(entry: SlackEntry, details: z.infer<typeof ConnectDetailsSchema>): SlackRef | undefined {
  const local = new Set([entry.context?.location?.id, entry.actor?.user?.team].filter((x): x is string => !!x));
  const candidates: unknown[] = [
    details.target_team, details.destination_team, details.origin_team, details.source_team, details.added_team_id,
    ...(entry.entity?.channel?.teams_shared_with ?? []),
  ];
  for (const c of candidates) {
    const team = TeamRefSchema.safeParse(c);
    if (team.success && team.data.id && !local.has(team.data.id)) return team.data;
  }
  return undefined;
}

export interface ConnectParty {
  external?: External;
  /** Slack id of the external org (team/enterprise), for details. */
  orgId?: string;
}

/** The external party of a Slack Connect invite/connection/disconnection. */
export function connectParty(entry: SlackEntry): ConnectParty {
  const parsed = ConnectDetailsSchema.safeParse(entry.details ?? {});
  const d = parsed.success ? parsed.data : ConnectDetailsSchema.parse({});
  const team = otherTeam(entry, d);
  const userEmail = slackEmail(d.external_user_email);
  const external = compact({
    org: text(d.external_organization_name) ?? text(team?.name),
    domain: emailDomain(userEmail) ?? text(d.external_organization_domain)?.toLowerCase() ?? text(team?.domain)?.toLowerCase(),
    user: userEmail ?? text(d.external_user_id),
    name: text(d.external_user_name),
  });
  const orgId = text(d.external_organization_id) ?? text(team?.id);
  return { ...(external && { external }), ...(orgId !== undefined && { orgId }) };
}

/** A guest user as an external party: the entity user (guest created/joined/removed), else the actor. */
export function guestParty(entry: SlackEntry): External | undefined {
  const guest = entry.entity?.user ?? entry.actor?.user;
  const mail = slackEmail(guest?.email);
  return compact({ domain: emailDomain(mail), user: mail, name: text(guest?.name) });
}
