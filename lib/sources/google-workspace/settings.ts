import { z } from 'zod';
import { VendorBaseUrl } from '../http/vendor-url.ts';
import { CollectorSetupError, MissingCredentialsError } from '../run/errors.ts';

/** Reports API applications read by default: the ones our detections use (see README "Google Workspace"). */
export const DEFAULT_APPLICATIONS = ['drive', 'chat', 'login', 'token', 'admin', 'takeout', 'vault'] as const;

/**
 * Google documents lag of "near real time" for Drive, Chat, Admin and Token events and "up to a few hours" for some
 * others (support.google.com/a/answer/7061566), with rare longer delays: every pass re-reads this much behind where
 * the last pass ended, and the dedupe drops what was already written.
 */
export const DEFAULT_LAG_MINUTES = 4 * 60;

const Application = z.string().regex(/^[a-z_]{2,40}$/, 'expected a Reports API application name such as drive');

/** Everything the collector needs, from env (CLI) or the secret (Lambda). Validated once, up front. */
export const GoogleWorkspaceSettingsSchema = z.object({
  /** Service account `client_email`. */
  clientEmail: z.string().min(3).includes('@'),
  /** Service account `private_key` (PEM, RSA). */
  privateKeyPem: z.string().min(1),
  privateKeyId: z.string().min(1).optional(),
  /** The admin the service account acts for (domain-wide delegation needs a user with Reports access). */
  subject: z.string().min(3).includes('@'),
  customerId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
  tokenUrl: VendorBaseUrl.default('https://oauth2.googleapis.com/token'),
  apiBaseUrl: VendorBaseUrl.default('https://admin.googleapis.com'),
  applications: z.array(Application).min(1).default([...DEFAULT_APPLICATIONS]),
  lagMinutes: z.number().int().min(0).max(7 * 24 * 60).default(DEFAULT_LAG_MINUTES),
  /** Page size, 1..1000 (the API's largest). */
  maxResults: z.number().int().min(1).max(1000).default(1000),
});
export type GoogleWorkspaceSettings = z.infer<typeof GoogleWorkspaceSettingsSchema>;
export type GoogleWorkspaceSettingsInput = z.input<typeof GoogleWorkspaceSettingsSchema>;

/** Issue messages name the setting, never its value (values may be secrets). */
export function parseGoogleWorkspaceSettings(input: unknown): GoogleWorkspaceSettings {
  const r = GoogleWorkspaceSettingsSchema.safeParse(input);
  if (r.success) return r.data;
  throw new CollectorSetupError('google-workspace', `invalid settings: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

const ENV_NAMES: Record<string, string> = {
  clientEmail: 'GOOGLE_WORKSPACE_CLIENT_EMAIL',
  privateKeyPem: 'GOOGLE_WORKSPACE_PRIVATE_KEY',
  privateKeyId: 'GOOGLE_WORKSPACE_PRIVATE_KEY_ID',
  subject: 'GOOGLE_WORKSPACE_SUBJECT',
  customerId: 'GOOGLE_WORKSPACE_CUSTOMER_ID',
  tokenUrl: 'GOOGLE_WORKSPACE_TOKEN_URL',
  apiBaseUrl: 'GOOGLE_WORKSPACE_API_BASE_URL',
  applications: 'GOOGLE_WORKSPACE_APPLICATIONS',
  lagMinutes: 'GOOGLE_WORKSPACE_LAG_MINUTES',
  maxResults: 'GOOGLE_WORKSPACE_PAGE_SIZE',
};

/** Reads GOOGLE_WORKSPACE_* variables; problems are reported by variable name, never with their values. */
export function googleWorkspaceSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): GoogleWorkspaceSettings {
  const str = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const required = ['GOOGLE_WORKSPACE_CLIENT_EMAIL', 'GOOGLE_WORKSPACE_PRIVATE_KEY', 'GOOGLE_WORKSPACE_SUBJECT'];
  const missing = required.filter((n) => str(env[n]) === undefined);
  if (missing.length > 0) throw new MissingCredentialsError('google-workspace', missing);
  const num = (v: string | undefined): number | undefined => (str(v) === undefined ? undefined : Number(v));
  const input = {
    clientEmail: str(env.GOOGLE_WORKSPACE_CLIENT_EMAIL),
    // Keys pasted into one line keep their newlines as `\n`.
    privateKeyPem: str(env.GOOGLE_WORKSPACE_PRIVATE_KEY)?.replace(/\\n/g, '\n'),
    privateKeyId: str(env.GOOGLE_WORKSPACE_PRIVATE_KEY_ID),
    subject: str(env.GOOGLE_WORKSPACE_SUBJECT),
    customerId: str(env.GOOGLE_WORKSPACE_CUSTOMER_ID),
    tokenUrl: str(env.GOOGLE_WORKSPACE_TOKEN_URL),
    apiBaseUrl: str(env.GOOGLE_WORKSPACE_API_BASE_URL),
    applications: str(env.GOOGLE_WORKSPACE_APPLICATIONS)?.split(',').map((s) => s.trim()).filter(Boolean),
    lagMinutes: num(env.GOOGLE_WORKSPACE_LAG_MINUTES),
    maxResults: num(env.GOOGLE_WORKSPACE_PAGE_SIZE),
  };
  const r = GoogleWorkspaceSettingsSchema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${ENV_NAMES[String(i.path[0] ?? '')] ?? String(i.path[0] ?? '')}: ${i.message}`);
  throw new CollectorSetupError('google-workspace', `invalid settings: ${issues.join('; ')}`);
}
