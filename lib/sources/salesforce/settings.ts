import { z } from 'zod';
import { VendorBaseUrl } from '../http/vendor-url.ts';
import { CollectorSetupError, MissingCredentialsError } from '../run/errors.ts';

/** Everything the Salesforce collector needs, from env (CLI) or a secret object (Lambda). Validated once, up front. */

export const DEFAULT_ELF_EVENT_TYPES = [
  'Report', 'ReportExport', 'API', 'RestApi', 'BulkApi', 'BulkApi2', 'Login', 'LoginAs', 'URI',
  'LightningInteraction', 'LightningPageView', 'ContentTransfer', 'DocumentAttachmentDownloads',
] as const;
export const DEFAULT_RTEM_OBJECTS = ['LoginEvent', 'ApiEvent', 'ReportEvent', 'ListViewEvent', 'BulkApiResultEventStore'] as const;

const Name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a Salesforce API name');
const Url = VendorBaseUrl;

const ClientCredentials = z.object({
  kind: z.literal('client_credentials'),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
const JwtBearer = z.object({
  kind: z.literal('jwt'),
  clientId: z.string().min(1),
  username: z.string().min(1),
  /** PEM text of the RSA private key whose certificate is uploaded to the connected app. */
  privateKeyPem: z.string().includes('PRIVATE KEY', { message: 'expected a PEM private key' }),
  /** JWT `aud`; defaults to the login URL (login.salesforce.com / test.salesforce.com / community URL). */
  audience: Url.optional(),
});

export const SalesforceSettingsSchema = z.object({
  /** Client credentials need the org's My Domain here; JWT bearer may use login.salesforce.com. */
  loginUrl: Url.default('https://login.salesforce.com'),
  auth: z.discriminatedUnion('kind', [ClientCredentials, JwtBearer]),
  apiVersion: z.string().regex(/^\d{2,3}\.0$/, 'expected e.g. 62.0').default('62.0'),
  elf: z.object({
    enabled: z.boolean().default(true),
    /** Hourly and Daily files cover the same activity: ingest one only. */
    interval: z.enum(['Hourly', 'Daily']).default('Hourly'),
    eventTypes: z.array(Name).min(1).default([...DEFAULT_ELF_EVENT_TYPES]),
    /** Files for old LogDates keep arriving for up to ~3 days: re-list this far back on CreatedDate. */
    lookbackHours: z.number().min(0).max(30 * 24).default(72),
    rowsPerBatch: z.number().int().min(1).default(5000),
  }).prefault({}),
  rtem: z.object({
    objects: z.array(Name).default([...DEFAULT_RTEM_OBJECTS]),
    windowMinutes: z.number().int().min(1).default(60),
    overlapMinutes: z.number().int().min(0).default(15),
    /** Enough 1-hour windows for a first run to catch up 7 days (an empty window costs one API call). */
    maxWindowsPerRun: z.number().int().min(1).default(200),
  }).prefault({}),
  /** First run: how far back to start. */
  initialLookbackHours: z.number().min(0).default(7 * 24),
  /** Stop the run when less than this share of the org's daily API quota is left. */
  apiReservePercent: z.number().min(0).max(100).default(10),
});
export type SalesforceSettings = z.infer<typeof SalesforceSettingsSchema>;
export type SalesforceSettingsInput = z.input<typeof SalesforceSettingsSchema>;

/** Issue messages name the setting, never its value (values may be secrets). */
export function parseSalesforceSettings(input: unknown): SalesforceSettings {
  const r = SalesforceSettingsSchema.safeParse(input);
  if (r.success) return r.data;
  throw new CollectorSetupError('salesforce', `invalid settings: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

const list = (v: string | undefined): string[] | undefined => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
const str = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

/**
 * SALESFORCE_CLIENT_ID + SALESFORCE_CLIENT_SECRET (client credentials), or SALESFORCE_CLIENT_ID + SALESFORCE_USERNAME
 * + SALESFORCE_PRIVATE_KEY (JWT bearer; PEM text, `\n` escapes allowed). Optional: SALESFORCE_LOGIN_URL,
 * SALESFORCE_API_VERSION, SALESFORCE_ELF_INTERVAL, SALESFORCE_ELF_EVENT_TYPES, SALESFORCE_RTEM_OBJECTS (comma lists;
 * `none` turns RTEM off).
 */
export function salesforceSettingsFromEnv(env: Record<string, string | undefined>): SalesforceSettings {
  const key = str(env.SALESFORCE_PRIVATE_KEY)?.replace(/\\n/g, '\n');
  const jwt = key !== undefined || str(env.SALESFORCE_USERNAME) !== undefined;
  const required = jwt
    ? ['SALESFORCE_CLIENT_ID', 'SALESFORCE_USERNAME', 'SALESFORCE_PRIVATE_KEY']
    : ['SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET'];
  const missing = required.filter((n) => str(env[n]) === undefined);
  if (missing.length > 0) throw new MissingCredentialsError('salesforce', missing);
  const auth = jwt
    ? { kind: 'jwt', clientId: str(env.SALESFORCE_CLIENT_ID), username: str(env.SALESFORCE_USERNAME), privateKeyPem: key }
    : { kind: 'client_credentials', clientId: str(env.SALESFORCE_CLIENT_ID), clientSecret: str(env.SALESFORCE_CLIENT_SECRET) };
  const rtemObjects = str(env.SALESFORCE_RTEM_OBJECTS);
  const input = {
    loginUrl: str(env.SALESFORCE_LOGIN_URL),
    auth,
    apiVersion: str(env.SALESFORCE_API_VERSION),
    elf: { interval: str(env.SALESFORCE_ELF_INTERVAL), eventTypes: list(env.SALESFORCE_ELF_EVENT_TYPES) },
    rtem: { objects: rtemObjects === 'none' ? [] : list(rtemObjects) },
  };
  const envName: Record<string, string> = {
    loginUrl: 'SALESFORCE_LOGIN_URL', clientId: 'SALESFORCE_CLIENT_ID', clientSecret: 'SALESFORCE_CLIENT_SECRET',
    username: 'SALESFORCE_USERNAME', privateKeyPem: 'SALESFORCE_PRIVATE_KEY', apiVersion: 'SALESFORCE_API_VERSION',
    interval: 'SALESFORCE_ELF_INTERVAL', eventTypes: 'SALESFORCE_ELF_EVENT_TYPES', objects: 'SALESFORCE_RTEM_OBJECTS',
  };
  const r = SalesforceSettingsSchema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => {
    const leaf = [...i.path].reverse().find((p) => typeof p === 'string' && p in envName);
    return `${leaf ? envName[String(leaf)] : i.path.join('.')}: ${i.message}`;
  });
  throw new CollectorSetupError('salesforce', `invalid settings: ${issues.join('; ')}`);
}
