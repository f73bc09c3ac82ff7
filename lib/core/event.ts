import { z } from 'zod';

/** Which collector a record came from. */
export const SourceSchema = z.enum(['salesforce', 'm365', 'slack', 'google-workspace', 'okta']);
export type Source = z.infer<typeof SourceSchema>;

/** The SaaS application the activity happened in (M365 fans out into several). */
export const AppSchema = z.enum([
  'salesforce', 'dynamics365', 'sharepoint', 'onedrive', 'exchange', 'teams', 'entra', 'purview', 'slack', 'm365',
  'google-drive', 'google-chat', 'google-workspace', 'okta',
]);
export type App = z.infer<typeof AppSchema>;

export const ActorTypeSchema = z.enum(['user', 'service', 'app', 'guest', 'admin', 'system']);
export type ActorType = z.infer<typeof ActorTypeSchema>;

/**
 * Canonical action vocabulary. Detectors speak only these; the vendor's own name is kept in `vendorAction`.
 * `other` is the generic action for valid records whose vendor action has no canonical meaning here.
 */
export const ActionSchema = z.enum([
  'login', 'login_failed', 'logout', 'impersonate',
  'record_query', 'record_view', 'list_view', 'report_run', 'export', 'bulk_export', 'bulk_result_download',
  'file_download', 'file_upload', 'file_share', 'file_access', 'file_preview', 'file_sync_download',
  'public_link', 'public_link_used', 'message_export', 'message_read', 'mail_access', 'search',
  'app_install', 'app_scope_change', 'config_change', 'guardrail_change',
  'external_invite', 'external_connect', 'external_disconnect', 'member_added', 'member_removed',
  'channel_join', 'channel_preview', 'role_change', 'user_created', 'vendor_anomaly',
  /** Identity-provider facts (Okta, Entra): corroboration for other signals, never an alert alone. */
  'mfa_change', 'api_token_created',
  'other',
]);
export type Action = z.infer<typeof ActionSchema>;

export const OutcomeSchema = z.enum(['success', 'failure', 'unknown']);

/** Where an event came from, so an analyst can find the raw record: a file or batch and a 1-based line/row. */
export const RawRefSchema = z.object({ file: z.string(), line: z.number().int().nonnegative() });
export type RawRef = z.infer<typeof RawRefSchema>;

export const NormalizedEventSchema = z.object({
  /** Stable id: the envelope id (DESIGN.md §3); `#n` suffix when one record yields several events. */
  id: z.string().min(1),
  source: SourceSchema,
  app: AppSchema,
  /** Event time, epoch milliseconds UTC. */
  time: z.number().int(),
  /** Tenant/org/workspace the record belongs to, when the vendor says. */
  tenant: z.string().optional(),
  actor: z.object({
    id: z.string().min(1),
    name: z.string().optional(),
    email: z.string().optional(),
    type: ActorTypeSchema,
  }),
  action: ActionSchema,
  vendorAction: z.string(),
  object: z.object({ type: z.string().optional(), id: z.string().optional(), name: z.string().optional() }).optional(),
  /** CRM entities touched by a query/report/export (e.g. `Contact`, `Account`). */
  entities: z.array(z.string()).optional(),
  /** Rows or items the action returned or moved. */
  count: z.number().nonnegative().optional(),
  src: z.object({ ip: z.string().optional(), ua: z.string().optional() }).optional(),
  session: z.string().optional(),
  external: z.object({
    org: z.string().optional(),
    domain: z.string().optional(),
    user: z.string().optional(),
    name: z.string().optional(),
  }).optional(),
  outcome: OutcomeSchema,
  /** Small, action-specific facts detectors need (anomaly reasons, scores, scopes, client, throttled…). */
  details: z.record(z.string(), z.unknown()).optional(),
  ref: RawRefSchema,
});
export type NormalizedEvent = z.infer<typeof NormalizedEventSchema>;

/** A record that could not be normalized: kept with its reason, never silently dropped. */
export const RejectSchema = z.object({
  reason: z.string(),
  ref: RawRefSchema,
  source: SourceSchema.optional(),
  detail: z.string().optional(),
});
export type Reject = z.infer<typeof RejectSchema>;

/** Key of the per-principal profile: one per vendor identity. */
export function principalKey(e: Pick<NormalizedEvent, 'source' | 'actor'>): string {
  return `${e.source}:${e.actor.id}`;
}

/**
 * Identity used to join one person across sources (for "other recent alerts"): the e-mail/UPN/username when
 * the logs give one, else the per-source principal key.
 */
export function identityKey(e: Pick<NormalizedEvent, 'source' | 'actor'>): string {
  const mail = e.actor.email ?? (e.actor.name?.includes('@') ? e.actor.name : undefined);
  return mail ? mail.toLowerCase() : principalKey(e);
}
