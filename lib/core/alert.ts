import { z } from 'zod';
import { ActionSchema, AppSchema, SourceSchema } from './event.ts';

export const TechniqueSchema = z.enum(['T1213.004', 'T1213.005', 'T1591.002']);
export type Technique = z.infer<typeof TechniqueSchema>;
export const SeveritySchema = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

/**
 * Escalation reason codes from detections.md. `no-history` is kept for alerts recorded by earlier versions; it is no
 * longer a reason (history is shown in `triage.history`).
 */
export const EscalationReasonSchema = z.enum([
  'external-unknown-ip', 'no-history', 'corroborating-compromise', 'large-export', 'open-investigation', 'lookalike-partner',
  'off-hours', 'new-client', 'data-leaving', 'honeytoken', 'unusual-bulk-export', 'exfiltration-chain',
  /** An identity-provider fact (MFA reset, new device, admin role, API token…) shortly before: see idp-signals.ts. */
  'idp-anomaly',
]);
export const DeescalationReasonSchema = z.enum(['service-account-within-habits', 'usual-hours-trusted-network-normal-volume']);

/** One step of an exfiltration chain: where it happened, what it did, to what and where it went. */
export const ChainStepEvidenceSchema = z.object({
  time: z.string(),
  role: z.enum(['collection', 'leaving']),
  source: SourceSchema,
  app: AppSchema,
  action: ActionSchema,
  /** What was read or exported (report, CRM object) or the file that left. */
  object: z.string().optional(),
  /** Where it went: an external domain or address, `public link`. */
  destination: z.string().optional(),
  /** The normalized event's id. */
  event: z.string(),
});
export const ChainEvidenceSchema = z.object({
  windowHours: z.number(),
  /** Steps kept (per person, role and hour the first and last); `steps` shows at most 12 of them, first and last. */
  total: z.number().int().nonnegative(),
  steps: z.array(ChainStepEvidenceSchema),
});
export type ChainEvidence = z.infer<typeof ChainEvidenceSchema>;

/** The alert contract of DESIGN.md §4. Fields may be added; none may be renamed. */
export const AlertSchema = z.object({
  id: z.string(),
  detector: z.string(),
  technique: TechniqueSchema,
  title: z.string(),
  severity: SeveritySchema,
  score: z.number().min(0).max(100),
  principal: z.object({ source: SourceSchema, id: z.string(), name: z.string().optional() }),
  window: z.object({ start: z.string(), end: z.string() }),
  triage: z.object({
    offHours: z.boolean(),
    sourceIp: z.object({ ip: z.string().nullable(), known: z.boolean(), trusted: z.boolean() }),
    unusualVolume: z.object({
      value: z.number(),
      baseline: z.number().nullable(),
      z: z.number().nullable(),
      percentile: z.number().nullable().optional(),
    }),
    recentAlerts: z.number().int().nonnegative(),
    accessedBefore: z.boolean(),
    /** Share of the resources in the evidence never seen before for this principal (0..1). */
    newResourceShare: z.number().min(0).max(1).optional(),
    /** Own history when it fired: none, short (judged against peers or the org) or own. Never a reason by itself. */
    history: z.enum(['none', 'short', 'own']).optional(),
    /** A configured service account, or one that behaves like an integration (API only, around the clock). */
    serviceAccount: z.enum(['configured', 'behaves-like-one']).optional(),
  }),
  /** What the volume was judged against: the principal's own history, its peer group, or the org. */
  baseline: z.string().regex(/^(own|org|peers:.+)$/).optional(),
  /** Every technique the alert's signals support; `technique` is the primary one. */
  techniques: z.array(TechniqueSchema).optional(),
  /** Ids of other alerts on the same person that this one builds on. */
  related: z.array(z.string()).optional(),
  /** Published again after it grew materially (a larger volume, a higher tier): the update's number. */
  update: z.number().int().positive().optional(),
  escalation: z.object({
    tier: z.union([z.literal(1), z.literal(2)]),
    reasons: z.array(EscalationReasonSchema),
    deescalation: z.array(DeescalationReasonSchema).optional(),
  }),
  evidence: z.object({
    events: z.number().int().nonnegative(),
    sample: z.array(z.string()),
    objects: z.array(z.string()),
    ips: z.array(z.string()),
    /** Raw-record references (file + line) of the sample, so an analyst can open the source log. */
    refs: z.array(z.object({ file: z.string(), line: z.number() })).optional(),
    facts: z.record(z.string(), z.unknown()).optional(),
    /** A collection followed by data leaving, across sources (lib/core/exfil-chain.ts): the steps in time order. */
    chain: ChainEvidenceSchema.optional(),
  }),
  playbook: z.object({ l1: z.array(z.string()), t2: z.array(z.string()), containment: z.array(z.string()) }),
  /** How many times the same (detector, principal, window) fired again and was rolled into this alert. */
  rollup: z.number().int().nonnegative().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;
