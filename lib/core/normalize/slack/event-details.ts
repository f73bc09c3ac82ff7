import type { SlackActionMapping } from './action-map.ts';
import { anomalyDetails } from './anomaly.ts';
import { appScopes } from './app-scopes.ts';
import type { SlackEntry } from './entry-schema.ts';
import { SlackRefSchema } from './entry-schema.ts';
import { compiled } from '../compiled-schema.ts';

const AgentSchema = compiled('Slack acting agent', SlackRefSchema);

/** A setting value small enough to carry (a primitive); structured values stay in the raw record. */
const settingValue = (v: unknown): string | number | boolean | undefined =>
  typeof v === 'string' ? v.slice(0, 200) : typeof v === 'number' || typeof v === 'boolean' ? v : undefined;

type Details = Record<string, unknown>;

const byFamily: Record<SlackActionMapping['family'], (entry: SlackEntry, m: SlackActionMapping) => Details> = {
  file: () => ({}),
  session: () => ({}),
  channel: () => ({}),
  connect: () => ({}),
  other: () => ({}),
  export: (entry, m) => {
    const type = entry.details?.['export_type'];
    return { exportPhase: m.exportPhase, ...(typeof type === 'string' && type && { exportType: type }) };
  },
  identity: (_entry, m) => ({ ...(m.role !== undefined && { newRole: m.role }), ...(m.guest && { guest: true }) }),
  app: (entry, m) => {
    const { scopes, addedScopes } = appScopes(entry, m.action === 'app_scope_change');
    // Installs and expansions always say which scopes (possibly none); other app actions only when named.
    const always = m.action === 'app_install' || m.action === 'app_scope_change';
    return {
      ...((always || scopes.length > 0) && { scopes }),
      ...(addedScopes !== undefined && { addedScopes }),
    };
  },
  guardrail: (entry) => settingChange(entry),
  config: (entry) => settingChange(entry),
  anomaly: (entry) => anomalyDetails(entry.details),
};

function settingChange(entry: SlackEntry): Details {
  const previousValue = settingValue(entry.details?.['previous_value']);
  const newValue = settingValue(entry.details?.['new_value']);
  return {
    setting: entry.action,
    ...(previousValue !== undefined && { previousValue }),
    ...(newValue !== undefined && { newValue }),
  };
}

/** `acting_agent` (e.g. `Slackbot` acting for the user): a name, or the name/id of an agent object. */
function actingAgent(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim() || undefined;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const ref = AgentSchema.safeParse(raw);
  return ref.success ? ref.data.name?.trim() || ref.data.id?.trim() || undefined : undefined;
}

export interface CommonDetails {
  serverSide: boolean;
  externalOrgId?: string;
}

/** The small `details` of a Slack event: the family's facts plus where it ran and who acted for the actor. */
export function slackDetails(entry: SlackEntry, mapping: SlackActionMapping, common: CommonDetails): Details | undefined {
  const agent = actingAgent(entry.acting_agent);
  // Each family builds a fresh object: adding to it copies nothing.
  const details = byFamily[mapping.family](entry, mapping);
  if (common.serverSide) details.serverSide = true;
  if (common.externalOrgId !== undefined) details.externalOrgId = common.externalOrgId;
  if (agent !== undefined) details.actingAgent = agent;
  return Object.keys(details).length > 0 ? details : undefined;
}
