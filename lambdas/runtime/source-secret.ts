import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { Source } from '../../lib/core/event.ts';

/** The secret JSON per source (shared with the stack's secret descriptions). */
const SlackSecret = z.object({ token: z.string().min(1) });
const M365Secret = z.object({ tenantId: z.string().min(1), clientId: z.string().min(1), clientSecret: z.string().min(1) });
const SalesforceSecret = z.union([
  z.object({ loginUrl: z.string().min(1), clientId: z.string().min(1), clientSecret: z.string().min(1) }),
  z.object({ loginUrl: z.string().min(1), clientId: z.string().min(1), username: z.string().min(1), privateKey: z.string().min(1) }),
]);

/**
 * A service account with domain-wide delegation: its key file's fields (`client_email`, `private_key`,
 * `private_key_id`, as Google issues them, or camelCase) and `subject`, the admin it acts as.
 */
const GoogleWorkspaceSecret = z.preprocess(
  (v) => {
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    return { clientEmail: o['clientEmail'] ?? o['client_email'], privateKey: o['privateKey'] ?? o['private_key'], privateKeyId: o['privateKeyId'] ?? o['private_key_id'], subject: o['subject'], customerId: o['customerId'] };
  },
  z.object({ clientEmail: z.string().min(1), privateKey: z.string().min(1), privateKeyId: z.string().min(1).optional(), subject: z.string().min(1), customerId: z.string().min(1).optional() }),
);
const OktaSecret = z.union([
  z.strictObject({ orgUrl: z.string().min(1), apiToken: z.string().min(1) }),
  z.strictObject({ orgUrl: z.string().min(1), clientId: z.string().min(1), privateKey: z.string().min(1), keyId: z.string().min(1).optional() }),
]);

export class SourceSecretError extends Error {
  constructor(readonly source: string, message: string, options?: ErrorOptions) {
    super(`${source} secret: ${message}`, options);
    this.name = 'SourceSecretError';
  }
}

/**
 * The vendor module's environment variables (lib/sources/<vendor> `collectorFromEnv`) from the secret JSON, plus
 * every secret value so the logger can redact them. Errors name fields, never values.
 */
export function secretToEnv(source: Source, secretString: string): { env: Record<string, string>; values: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch (err) {
    throw new SourceSecretError(source, 'is not JSON', { cause: err instanceof Error ? new Error(err.name) : undefined });
  }
  const fail = (e: z.ZodError): never => {
    throw new SourceSecretError(source, `missing or empty fields: ${[...new Set(e.issues.map((i) => i.path.join('.') || '(root)'))].join(', ')}`);
  };
  let env: Record<string, string>;
  switch (source) {
    case 'slack': {
      const r = SlackSecret.safeParse(json);
      if (!r.success) return fail(r.error);
      env = { SLACK_TOKEN: r.data.token };
      break;
    }
    case 'm365': {
      const r = M365Secret.safeParse(json);
      if (!r.success) return fail(r.error);
      env = { M365_TENANT_ID: r.data.tenantId, M365_CLIENT_ID: r.data.clientId, M365_CLIENT_SECRET: r.data.clientSecret };
      break;
    }
    case 'salesforce': {
      const r = SalesforceSecret.safeParse(json);
      if (!r.success) return fail(r.error);
      const s = r.data;
      env = 'clientSecret' in s
        ? { SALESFORCE_LOGIN_URL: s.loginUrl, SALESFORCE_CLIENT_ID: s.clientId, SALESFORCE_CLIENT_SECRET: s.clientSecret }
        : { SALESFORCE_LOGIN_URL: s.loginUrl, SALESFORCE_CLIENT_ID: s.clientId, SALESFORCE_USERNAME: s.username, SALESFORCE_PRIVATE_KEY: s.privateKey };
      break;
    }
    case 'google-workspace': {
      const r = GoogleWorkspaceSecret.safeParse(json);
      if (!r.success) return fail(r.error);
      const s = r.data;
      env = { GOOGLE_WORKSPACE_CLIENT_EMAIL: s.clientEmail, GOOGLE_WORKSPACE_PRIVATE_KEY: s.privateKey, GOOGLE_WORKSPACE_SUBJECT: s.subject };
      if (s.privateKeyId) env.GOOGLE_WORKSPACE_PRIVATE_KEY_ID = s.privateKeyId;
      if (s.customerId) env.GOOGLE_WORKSPACE_CUSTOMER_ID = s.customerId;
      break;
    }
    case 'okta': {
      const r = OktaSecret.safeParse(json);
      if (!r.success) return fail(r.error);
      const s = r.data;
      env = 'apiToken' in s
        ? { OKTA_ORG_URL: s.orgUrl, OKTA_API_TOKEN: s.apiToken }
        : { OKTA_ORG_URL: s.orgUrl, OKTA_CLIENT_ID: s.clientId, OKTA_PRIVATE_KEY: s.privateKey, ...(s.keyId ? { OKTA_KEY_ID: s.keyId } : {}) };
      break;
    }
    default:
      throw new SourceSecretError(source, 'has no collector secret shape yet');
  }
  const secretFields = ['SLACK_TOKEN', 'M365_CLIENT_SECRET', 'SALESFORCE_CLIENT_SECRET', 'SALESFORCE_PRIVATE_KEY', 'GOOGLE_WORKSPACE_PRIVATE_KEY', 'OKTA_API_TOKEN', 'OKTA_PRIVATE_KEY'];
  return { env, values: secretFields.flatMap((k) => (env[k] ? [env[k]] : [])) };
}

/** Secret strings cached per container (a warm Lambda does not call Secrets Manager each run); refreshed after `ttlMs`. */
export class SecretCache {
  private readonly cache = new Map<string, { value: Promise<string>; at: number }>();

  constructor(private readonly client: SecretsManagerClient, private readonly ttlMs = 15 * 60_000, private readonly now: () => number = Date.now) {}

  get(secretId: string): Promise<string> {
    const hit = this.cache.get(secretId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = this.fetch(secretId);
    this.cache.set(secretId, { value, at: this.now() });
    // A failed fetch is not cached: the next invocation asks again.
    value.catch(() => this.cache.delete(secretId));
    return value;
  }

  private async fetch(secretId: string): Promise<string> {
    let out;
    try {
      out = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
    } catch (err) {
      throw new SourceSecretError(secretId, 'GetSecretValue failed', { cause: err });
    }
    if (out.SecretString === undefined) throw new SourceSecretError(secretId, 'has no SecretString (binary secrets are not supported)');
    return out.SecretString;
  }
}
