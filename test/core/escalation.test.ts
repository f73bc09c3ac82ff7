import { describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/core/alert.ts';
import type { SignalKind } from '../../lib/core/detectors/types.ts';
import { decideTier } from '../../lib/core/escalation.ts';

type Reason = Alert['escalation']['reasons'][number];
type Deescalation = NonNullable<Alert['escalation']['deescalation']>[number];

/** detections.md "Correlation, triage and escalation", one row per rule (README's table gives the same examples). */
const RULES: Array<{ rule: string; reasons: Reason[]; de?: Deescalation[]; kind?: SignalKind; tier: 1 | 2 }> = [
  { rule: 'a decoy read escalates alone', reasons: ['honeytoken'], tier: 2 },
  { rule: 'a lookalike first seen in the tenant escalates alone', reasons: ['lookalike-partner'], tier: 2 },
  { rule: 'a workspace export by someone who does not do that escalates alone', reasons: ['unusual-bulk-export'], kind: 'export', tier: 2 },
  { rule: 'misuse alone escalates even for a service account within its habits', reasons: ['honeytoken'], de: ['service-account-within-habits'], tier: 2 },
  { rule: 'a large export alone stays at Tier 1', reasons: ['large-export'], tier: 1 },
  { rule: 'a large export from a network unknown for the person', reasons: ['large-export', 'external-unknown-ip'], tier: 2 },
  { rule: 'a large export off-hours for the person', reasons: ['large-export', 'off-hours'], tier: 2 },
  { rule: 'a large export with a tool never used', reasons: ['large-export', 'new-client'], tier: 2 },
  { rule: 'a large export with data leaving the tenant', reasons: ['large-export', 'data-leaving'], tier: 2 },
  { rule: 'a large export during another detector\'s open investigation', reasons: ['large-export', 'open-investigation'], tier: 2 },
  { rule: 'signs of a compromise followed by collection', reasons: ['corroborating-compromise'], kind: 'volume', tier: 2 },
  { rule: 'a compromise sign is not its own corroboration', reasons: ['corroborating-compromise'], kind: 'compromise', tier: 1 },
  { rule: 'one independent fact on an ordinary volume signal stays at Tier 1', reasons: ['off-hours'], tier: 1 },
  { rule: 'two independent facts on a volume signal', reasons: ['external-unknown-ip', 'off-hours'], tier: 2 },
  { rule: 'no history never escalates', reasons: ['no-history'], tier: 1 },
  { rule: 'no history with a large export is still only one fact short', reasons: ['no-history', 'large-export'], tier: 1 },
  { rule: 'a service account within its habits stays at Tier 1 with a large export off-hours', reasons: ['large-export', 'off-hours'], de: ['service-account-within-habits'], tier: 1 },
  { rule: 'usual hours, trusted network, volume within P95 stays at Tier 1', reasons: ['external-unknown-ip', 'new-client'], de: ['usual-hours-trusted-network-normal-volume'], tier: 1 },
];

describe('decideTier', () => {
  it.each(RULES)('$rule → tier $tier', ({ reasons, de, kind, tier }) => {
    expect(decideTier(reasons, de ?? [], kind ?? 'volume')).toBe(tier);
  });
});
