import { z } from 'zod';

const Schedule = z.string().regex(/^(rate|cron)\(.+\)$/, 'expected an EventBridge Scheduler expression: rate(…) or cron(…)');
const SecretArn = z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'expected a Secrets Manager secret ARN');
const Email = z.email();

const SourceSettings = (defaultSchedule: string, enabledByDefault = true) =>
  z.strictObject({
    enabled: z.boolean().default(enabledByDefault),
    schedule: Schedule.default(defaultSchedule),
    /** Existing secret to use; when absent the stack creates an empty one to fill after deploy. */
    secretArn: SecretArn.optional(),
    /** Collector Lambda timeout; the collector stops cleanly ~1 min before it and resumes next run. */
    timeoutMinutes: z.number().int().min(2).max(15).default(10),
  }).prefault({});

/**
 * Deployment settings (beside the Hoardwatch config file): which sources run and when, where alerts go, secrets,
 * retention. Read by bin/app.ts from cdk.json context `hoardwatch` or a JSON file named with `-c settingsFile=…`.
 */
export const DeploySettingsSchema = z.strictObject({
  stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/).default('Hoardwatch'),
  account: z.string().regex(/^\d{12}$/).optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/).optional(),
  /** Path of the Hoardwatch config file (DESIGN.md §5), relative to the working directory; defaults apply without one. */
  configFile: z.string().optional(),
  sources: z.strictObject({
    // Salesforce hourly files arrive 3–6 h late; Slack's org-wide rate limit favours fewer, larger pulls.
    salesforce: SourceSettings('rate(30 minutes)'),
    m365: SourceSettings('rate(15 minutes)'),
    slack: SourceSettings('rate(15 minutes)'),
    // Off until enabled: a deployment that never used it must not gain a collector failing on an empty secret.
    'google-workspace': SourceSettings('rate(15 minutes)', false),
    // Identity-provider corroboration, off until a deployment turns it on (not every org runs Okta).
    okta: SourceSettings('rate(10 minutes)', false),
  }).prefault({}),
  alertEmails: z.array(Email).default([]),
  /** Receive only Tier-2 alerts (SNS filter policy on the `tier` attribute). */
  tier2Emails: z.array(Email).default([]),
  /** Operational alarms (collector failures, DLQ depth, detect errors, lag). */
  opsEmails: z.array(Email).default([]),
  rawRetentionDays: z.number().int().min(30).default(400),
  /**
   * Alarm when a collector has not run, or detection trails collection, for longer than this. One alarm period spans
   * it, and CloudWatch evaluates at most one day.
   */
  maxLagMinutes: z.number().int().positive().max(1440, 'at most 1440 (one day): a CloudWatch alarm evaluates at most one day').default(360),
});
export type DeploySettings = z.infer<typeof DeploySettingsSchema>;
export type SourceName = keyof DeploySettings['sources'];
export const SOURCES: readonly SourceName[] = ['salesforce', 'm365', 'slack', 'google-workspace', 'okta'];

export class DeploySettingsError extends Error {
  constructor(readonly issues: string[], options?: ErrorOptions) {
    super(`invalid deployment settings:\n${issues.map((i) => `  - ${i}`).join('\n')}`, options);
    this.name = 'DeploySettingsError';
  }
}

export function parseDeploySettings(input: unknown): DeploySettings {
  const r = DeploySettingsSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new DeploySettingsError(r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`));
}
