import { z } from 'zod';
import { SourceSchema } from './event.ts';

export const TechniqueSchema = z.enum(['T1213.004', 'T1213.005', 'T1591.002']);
export type Technique = z.infer<typeof TechniqueSchema>;
export const SeveritySchema = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Escalation reason codes from detections.md. */
export const EscalationReasonSchema = z.enum([
  'external-unknown-ip', 'no-history', 'corroborating-compromise', 'large-export', 'open-investigation', 'lookalike-partner',
]);
export const DeescalationReasonSchema = z.enum(['service-account-within-habits', 'usual-hours-trusted-network-normal-volume']);

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
  }),
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
  }),
  playbook: z.object({ l1: z.array(z.string()), t2: z.array(z.string()), containment: z.array(z.string()) }),
  /** How many times the same (detector, principal, window) fired again and was rolled into this alert. */
  rollup: z.number().int().nonnegative().optional(),
  /** Set when an alert already published is published again because it grew materially: 1, 2, … (same `id`). */
  update: z.number().int().positive().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;
