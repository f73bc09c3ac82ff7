import { z } from 'zod';
import { detectorParamsSchema } from './detectors/params.ts';

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date (YYYY-MM-DD)');
const Day = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const Cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$|^[0-9a-fA-F:]+(\/\d{1,3})?$/, 'expected an IPv4/IPv6 address or CIDR');

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The Hoardwatch config file (DESIGN.md §5). Everything is optional; defaults serve a demo. Unknown keys are errors. */
export const ConfigSchema = z.strictObject({
  org: z.strictObject({
    timezone: z.string().refine(validTimeZone, 'unknown IANA time zone').default('UTC'),
    businessHours: z.strictObject({
      days: z.array(Day).default(['mon', 'tue', 'wed', 'thu', 'fri']),
      start: Hhmm.default('08:00'),
      end: Hhmm.default('18:00'),
    }).prefault({}),
    internalDomains: z.array(z.string().toLowerCase()).default([]),
  }).prefault({}),
  trustedNetworks: z.array(Cidr).default([]),
  partners: z.array(z.strictObject({ name: z.string().min(1), domains: z.array(z.string().toLowerCase()).default([]) })).default([]),
  privilegedUsers: z.array(z.string().toLowerCase()).default([]),
  serviceAccounts: z.array(z.strictObject({
    principal: z.string().min(1),
    reason: z.string().min(1),
    expires: IsoDate.optional(),
  })).default([]),
  suppressions: z.array(z.strictObject({
    detector: z.string().min(1),
    principal: z.string().min(1),
    expires: IsoDate,
    reason: z.string().min(1),
  })).default([]),
  /**
   * Peer groups for baselines of people without history of their own (a directory's department, role or team):
   * principals by e-mail, username or id. Anyone not listed is judged against the whole org of their source.
   */
  peerGroups: z.array(z.strictObject({
    group: z.string().min(1).max(64).regex(/^[\w.-]+$/, 'letters, digits, . _ - only'),
    principals: z.array(z.string().min(1).toLowerCase()).min(1),
  })).default([]),
  /** Decoy records/reports whose any read is an alert (crm.honeytoken). */
  honeytokens: z.array(z.string()).default([]),
  detectors: detectorParamsSchema.prefault({}),
  /**
   * Chains across sources (an addition to DESIGN.md §5): a CRM export or bulk read followed within `windowHours` by
   * the same person sending data out of the org (public link, external share or upload, mail outside). See
   * lib/core/exfil-chain.ts.
   */
  chains: z.strictObject({
    exfiltration: z.strictObject({
      enabled: z.boolean().default(true),
      /** Hours after the CRM step in which data leaving completes the chain. */
      windowHours: z.number().min(1).max(24).default(6),
      /** A CRM read (report run, query, list view) is a collection step from this many rows; exports always are. */
      minReadRows: z.number().int().positive().default(10_000),
    }).prefault({}),
  }).prefault({}),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[], options?: ErrorOptions) {
    super(`invalid config:\n${issues.map((i) => `  - ${i}`).join('\n')}`, options);
    this.name = 'ConfigError';
  }
}

/** Parse a config object; throws ConfigError listing every problem by path. */
export function parseConfig(input: unknown): Config {
  const r = ConfigSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ConfigError(r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`));
}

export const defaultConfig = (): Config => parseConfig({});
