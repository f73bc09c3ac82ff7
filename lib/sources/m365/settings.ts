import { z } from 'zod';
import { VendorBaseUrl } from '../http/vendor-url.ts';
import { CollectorSetupError, MissingCredentialsError } from '../run/errors.ts';

/** Everything the M365 collector needs, from env (CLI) or a secret object (Lambda). Validated once, up front. */

export const DEFAULT_CONTENT_TYPES = ['Audit.SharePoint', 'Audit.Exchange', 'Audit.General', 'Audit.AzureActiveDirectory'] as const;

const ContentType = z.string().regex(/^(Audit\.[A-Za-z]+|DLP\.All)$/, 'expected a content type such as Audit.SharePoint');
const Url = VendorBaseUrl;

export const M365SettingsSchema = z.object({
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  loginBaseUrl: Url.default('https://login.microsoftonline.com'),
  apiBaseUrl: Url.default('https://manage.office.com'),
  contentTypes: z.array(ContentType).min(1).default([...DEFAULT_CONTENT_TYPES]),
  /** Selects our own throttling pool; Microsoft asks for the tenant GUID. */
  publisherId: z.string().min(1).optional(),
  /**
   * Re-list this far before the last listed time (default 24 h): content for a window can be listed a day or more
   * late, and records repeat across blobs; the dedupe drops blobs and record Ids already written.
   */
  overlapMinutes: z.number().int().min(0).max(7 * 24 * 60).default(24 * 60),
  /** First run: how far back to start (clamped to the API's 7 days). */
  initialLookbackHours: z.number().min(0).max(7 * 24).default(7 * 24),
  /** Margin kept inside the 7-day limit (request latency, clock skew). */
  retentionMarginMinutes: z.number().int().min(1).default(10),
});
export type M365Settings = z.infer<typeof M365SettingsSchema>;
export type M365SettingsInput = z.input<typeof M365SettingsSchema>;

/** Issue messages name the setting, never its value (values may be secrets). */
export function parseM365Settings(input: unknown): M365Settings {
  const r = M365SettingsSchema.safeParse(input);
  if (r.success) return r.data;
  throw new CollectorSetupError('m365', `invalid settings: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

const ENV_NAMES: Record<string, string> = {
  tenantId: 'M365_TENANT_ID',
  clientId: 'M365_CLIENT_ID',
  clientSecret: 'M365_CLIENT_SECRET',
  loginBaseUrl: 'M365_LOGIN_BASE_URL',
  apiBaseUrl: 'M365_API_BASE_URL',
  contentTypes: 'M365_CONTENT_TYPES',
  publisherId: 'M365_PUBLISHER_ID',
  overlapMinutes: 'M365_OVERLAP_MINUTES',
};

/** Reads M365_* variables; problems are reported by the variable names a user sets, never with their values. */
export function m365SettingsFromEnv(env: Record<string, string | undefined>): M365Settings {
  const str = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const missing = ['M365_TENANT_ID', 'M365_CLIENT_ID', 'M365_CLIENT_SECRET'].filter((n) => str(env[n]) === undefined);
  if (missing.length > 0) throw new MissingCredentialsError('m365', missing);
  const overlap = str(env.M365_OVERLAP_MINUTES);
  const input = {
    tenantId: str(env.M365_TENANT_ID),
    clientId: str(env.M365_CLIENT_ID),
    clientSecret: str(env.M365_CLIENT_SECRET),
    loginBaseUrl: str(env.M365_LOGIN_BASE_URL),
    apiBaseUrl: str(env.M365_API_BASE_URL),
    contentTypes: str(env.M365_CONTENT_TYPES)?.split(',').map((s) => s.trim()).filter(Boolean),
    publisherId: str(env.M365_PUBLISHER_ID),
    overlapMinutes: overlap === undefined ? undefined : Number(overlap),
  };
  const r = M365SettingsSchema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    return `${ENV_NAMES[key] ?? key}: ${i.message}`;
  });
  throw new CollectorSetupError('m365', `invalid settings: ${issues.join('; ')}`);
}
