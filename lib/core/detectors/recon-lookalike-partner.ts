import type { NormalizedEvent } from '../event.ts';
import { domainLookalike, nameLookalike, type LookalikeReason } from '../lookalike.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { addEvidence, newEvidence } from '../principal-batch.ts';
import { HOUR, hourOf } from '../time.ts';
import type { DayContext, Detector, DetectorEnv, Signal } from './types.ts';

const ID = 'recon.lookalike-partner';

interface Match {
  candidate: string;
  resembles: string;
  reference: string; // partner name or 'internal'
  reason: LookalikeReason;
}

/**
 * T1591.002: an external org, domain, user e-mail or display name that resembles a configured partner or one of
 * our own domains — Slack Connect invites/connections, Teams guests (`#EXT#`), M365 guest invites, sharing targets.
 * High confidence: alerts alone; tier 2 when the lookalike is first seen in the tenant.
 */
export const reconLookalikePartner: Detector = {
  id: ID,
  technique: 'T1591.002',
  observe(e: NormalizedEvent, pb: PrincipalBatch, env: DetectorEnv): void {
    if (!e.external) return;
    const m = findLookalike(e, env);
    if (m) pb.addPoint(ID, e, { ...m });
  },
  evaluateDay(ctx: DayContext): Signal[] {
    if (!ctx.env.config.detectors[ID].enabled) return [];
    const points = (ctx.pb.points.get(ID) ?? []).filter((p) => p.event.time >= ctx.dayStart && p.event.time < ctx.dayEnd);
    const byHour = new Map<number, Signal>();
    for (const { event: e, facts } of points.sort((a, b) => a.event.time - b.event.time)) {
      const m = facts as unknown as Match;
      const start = hourOf(e.time);
      const existing = byHour.get(start);
      if (existing) {
        existing.rollup++;
        existing.value++;
        addEvidence(existing.evidence, e, m.candidate);
        continue;
      }
      const evidence = newEvidence();
      addEvidence(evidence, e, m.candidate);
      const firstSeen = !ctx.env.tenantSeenBefore('extDomain', m.candidate, e.time);
      byHour.set(start, {
        detector: ID,
        technique: 'T1591.002',
        kind: 'lookalike',
        principal: ctx.pb,
        window: { start, end: start + HOUR },
        weight: 90,
        highConfidence: true,
        title: `${appName(e)}: ${e.vendorAction} with ${m.candidate}, which resembles ${m.reference === 'internal' ? 'our own domain' : 'partner'} ${m.resembles} (${m.reason})`,
        value: 1,
        baseline: null,
        z: null,
        evidence,
        facts: { ...m, firstSeenInTenant: firstSeen, external: e.external },
        rollup: 0,
      });
    }
    return [...byHour.values()];
  },
};

function findLookalike(e: NormalizedEvent, env: DetectorEnv): Match | undefined {
  const ext = e.external!;
  const max = env.config.detectors[ID].maxEditDistance;
  const userDomain = ext.user?.includes('@') ? ext.user.split('@').pop() : undefined;
  const domains = [ext.domain, userDomain].filter((d): d is string => !!d).map((d) => d.toLowerCase());
  const names = [ext.org, ext.name].filter((n): n is string => !!n);
  const refs: { domain: string; name: string; reference: string }[] = [];
  for (const p of env.config.partners) for (const d of p.domains) refs.push({ domain: d, name: p.name, reference: p.name });
  for (const d of env.config.org.internalDomains) refs.push({ domain: d, name: d, reference: 'internal' });
  // A party that IS a partner or one of us, by domain, is never a lookalike.
  if (domains.some((d) => refs.some((r) => r.domain === d || d.endsWith(`.${r.domain}`)))) return undefined;
  for (const d of domains) {
    for (const r of refs) {
      const reason = domainLookalike(d, r.domain, max);
      if (reason) return { candidate: d, resembles: r.domain, reference: r.reference, reason };
    }
  }
  for (const n of names) {
    for (const p of env.config.partners) {
      const reason = nameLookalike(n, p.name, max);
      if (reason) return { candidate: domains[0] ?? n, resembles: p.name, reference: p.name, reason };
    }
  }
  return undefined;
}

const APP_NAMES: Record<string, string> = { slack: 'Slack', teams: 'Teams', sharepoint: 'SharePoint', onedrive: 'OneDrive', entra: 'Entra ID', exchange: 'Exchange' };
const appName = (e: NormalizedEvent): string => APP_NAMES[e.app] ?? e.app;
