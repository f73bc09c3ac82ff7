import { z } from 'zod';
import { compiled } from '../compiled-schema.ts';

// Okta System Log LogEvent (GET /api/v1/logs). Every part but eventType may be null or absent in real exports
// (system principals carry no client; SIEM copies write "null" as a string), so each is read leniently.
const text = z.string().nullish().catch(undefined);

const ActorSchema = z.object({
  id: text,
  type: text,
  alternateId: text,
  displayName: text,
}).nullish().catch(undefined);

const TargetSchema = z.object({ id: text, type: text, alternateId: text, displayName: text });

export const OktaLogEventSchema = compiled('Okta LogEvent', z.object({
  uuid: text,
  published: z.unknown(),
  eventType: z.string().min(1),
  displayMessage: text,
  actor: ActorSchema,
  client: z.object({
    ipAddress: text,
    userAgent: z.object({ rawUserAgent: text }).nullish().catch(undefined),
    geographicalContext: z.object({ city: text, state: text, country: text }).nullish().catch(undefined),
  }).nullish().catch(undefined),
  securityContext: z.object({
    asNumber: z.union([z.number(), z.string()]).nullish().catch(undefined),
    asOrg: text,
  }).nullish().catch(undefined),
  authenticationContext: z.object({ externalSessionId: text }).nullish().catch(undefined),
  outcome: z.object({ result: text, reason: text }).nullish().catch(undefined),
  debugContext: z.object({ debugData: z.record(z.string(), z.unknown()).nullish().catch(undefined) }).nullish().catch(undefined),
  target: z.array(z.unknown()).nullish().catch(undefined),
}));
export type OktaLogEvent = z.infer<typeof OktaLogEventSchema>;

/** One `target[]` entry, or undefined when it has no usable shape. */
export function readTarget(raw: unknown): z.infer<typeof TargetSchema> | undefined {
  const t = TargetSchema.safeParse(raw);
  return t.success ? t.data : undefined;
}
