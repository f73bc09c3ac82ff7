import { z } from 'zod';
import type { Config } from '../../lib/core/config.ts';
import { ConfigError, parseConfig } from '../../lib/core/config.ts';

/** Environment the stack gives the Lambdas (lib/infra). A missing or malformed variable fails the cold start. */
const Common = {
  RAW_BUCKET: z.string().min(1),
  /** Optional: the raw bucket's KMS key; without it S3 objects are written with the AWS managed aws/s3 key. */
  RAW_BUCKET_KMS_KEY_ARN: z.string().min(1).optional(),
};
export const CollectEnvSchema = z.object({ ...Common, STATE_TABLE: z.string().min(1), HANDOFF_QUEUE_URL: z.string().min(1), SOURCE_SECRET_ARN: z.string().min(1) });
/**
 * Detection reads the Hoardwatch config from a file (deployed: the config layer, HOARDWATCH_CONFIG_FILE) or, in local
 * runs and tests, from HOARDWATCH_CONFIG (its JSON); with neither the defaults apply. Both at once is ambiguous.
 */
export const DetectEnvSchema = z.object({
  ...Common,
  STATE_TABLE: z.string().min(1),
  ALERT_TOPIC_ARN: z.string().min(1),
  HOARDWATCH_CONFIG: z.string().optional(),
  HOARDWATCH_CONFIG_FILE: z.string().min(1).optional(),
})
  .refine((e) => e.HOARDWATCH_CONFIG === undefined || e.HOARDWATCH_CONFIG_FILE === undefined, {
    path: ['HOARDWATCH_CONFIG_FILE'], message: 'set HOARDWATCH_CONFIG or HOARDWATCH_CONFIG_FILE, not both',
  })
  .transform((e) => ({ ...e, HOARDWATCH_CONFIG: e.HOARDWATCH_CONFIG ?? '{}' }));
/** The backfill planner lists raw/ and writes its manifests under backfill/ of the same bucket. */
export const BackfillPlanEnvSchema = z.object(Common);
export type CollectEnv = z.infer<typeof CollectEnvSchema>;
export type DetectEnv = z.infer<typeof DetectEnvSchema>;

export class LambdaEnvError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LambdaEnvError';
  }
}

export function readEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  // Name the variables only: values may be sensitive.
  throw new LambdaEnvError(`invalid Lambda environment: ${[...new Set(r.error.issues.map((i) => String(i.path[0])))].join(', ')}`);
}

/** HOARDWATCH_CONFIG holds the config file's JSON (DESIGN.md §5), validated as the CLI validates the file. */
export function configFromEnv(json: string): Config {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new ConfigError([`HOARDWATCH_CONFIG is not valid JSON: ${(err as Error).message}`], { cause: err });
  }
  return parseConfig(value);
}
