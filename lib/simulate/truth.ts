import { z } from 'zod';

/**
 * A labelled scenario in the simulated logs. Attacks (`benign: false`) list the detectors expected to alert on
 * them, with the expected escalation tier. Benign cases (`benign: true`) list the detectors they exercise and that
 * must stay silent on them.
 */
export const TruthEntrySchema = z.strictObject({
  id: z.string().min(1),
  technique: z.enum(['T1213.004', 'T1213.005', 'T1591.002']),
  detectors: z.array(z.string().min(1)).min(1),
  tier: z.union([z.literal(1), z.literal(2)]),
  /** Escalation reasons a tier-2 attack's alert must carry (e.g. `idp-anomaly`), when the label names them. */
  reasons: z.array(z.string().min(1)).optional(),
  principal: z.strictObject({
    source: z.enum(['salesforce', 'm365', 'slack', 'google-workspace']),
    /** Salesforce 18-char user id, M365 UserId (UPN), Slack user id, Google Workspace e-mail. */
    id: z.string().min(1),
    email: z.string().min(1),
  }),
  /** ISO-8601 UTC; the scenario's events lie in [start, end). */
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  description: z.string().min(1),
  benign: z.boolean(),
});
export type TruthEntry = z.infer<typeof TruthEntrySchema>;

/** `truth.json`, written beside the vendor folders. `kind` lets replay recognise and skip it. */
export const TruthFileSchema = z.strictObject({
  kind: z.literal('hoardwatch.simulate.truth'),
  version: z.literal(1),
  seed: z.number().int(),
  days: z.number().int(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  /** People in the org (roster and the identities scenarios add): what alerts per 100 people are counted against. */
  people: z.number().int().positive().optional(),
  entries: z.array(TruthEntrySchema),
});
export type TruthFile = z.infer<typeof TruthFileSchema>;
