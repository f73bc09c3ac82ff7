import { describe, expect, it } from 'vitest';
import { PEER_MEMBERS_CAP, PeerReferences, applyPeerContributions, peerContributions } from '../../../lib/core/baseline/peers.ts';
import { newProfile } from '../../../lib/core/profile.ts';
import { shortHash } from '../../../lib/core/short-hash.ts';
import { emptyTenant, type Profile, type TenantState } from '../../../lib/core/state.ts';

const DAY = 20_700;

/** A profile with `days` days of a metric, totals scaled by `scale` (so members' references differ). */
function profileWith(key: string, metric: string, days: number, scale: number): Profile {
  const p = newProfile(`salesforce:${key}`, 'salesforce', key, key, DAY * 86_400_000);
  const d = Array.from({ length: days }, (_, i) => DAY - days + i);
  p.metrics[metric] = { d, v: d.map((_, i) => (i + 1) * scale), p: d.map((_, i) => i + scale), h: d.map(() => 9) };
  return p;
}

/** Digests that sort before (`0…`) or after (`z…`) any shortHash of 11 base-36 characters. */
const sample = (lead: '0' | 'z') => Array.from({ length: PEER_MEMBERS_CAP }, (_, i) => `${lead}${String(i).padStart(10, '0')}`);

function tenantWithFullSample(lead: '0' | 'z', metric: string): TenantState {
  const t = emptyTenant();
  const m = sample(lead);
  t.peers = { 'salesforce/org': { [metric]: { m, d: m.map(() => 5), h: m.map(() => 1) } } };
  return t;
}

describe('peerContributions against the groups as they stand', () => {
  it('leaves out a metric whose full sample holds only smaller digests, and keeps one with room', () => {
    const p = profileWith('005A', 'crm.rows', 10, 3);
    p.metrics['crm.exports'] = p.metrics['crm.rows']!;
    const t = tenantWithFullSample('0', 'crm.rows');
    expect(peerContributions(p, DAY, t.peers).map((c) => c.metric)).toEqual(['crm.exports']);
    expect(peerContributions(p, DAY).map((c) => c.metric)).toEqual(['crm.rows', 'crm.exports']);
    // The full sample of larger digests takes it in, in place of its largest.
    const before = tenantWithFullSample('z', 'crm.rows');
    const contributions = peerContributions(p, DAY, before.peers);
    expect(contributions.map((c) => c.metric)).toEqual(['crm.rows', 'crm.exports']);
    expect(applyPeerContributions(before, contributions)).toBe(true);
    const members = before.peers!['salesforce/org']!['crm.rows']!.m;
    expect(members).toHaveLength(PEER_MEMBERS_CAP);
    expect(members[0]).toBe(shortHash(p.key));
  });

  it('still updates a member already in a full sample', () => {
    const p = profileWith('005B', 'crm.rows', 10, 3);
    const me = shortHash(p.key);
    const t = tenantWithFullSample('0', 'crm.rows');
    const g = t.peers!['salesforce/org']!['crm.rows']!;
    g.m[PEER_MEMBERS_CAP - 1] = me; // the largest of the sample
    const [c] = peerContributions(p, DAY, t.peers);
    expect(c?.member).toBe(me);
    expect(applyPeerContributions(t, [c!])).toBe(true);
    expect(g.d[PEER_MEMBERS_CAP - 1]).toBe(c!.d);
  });

  it('gives, day after day and in any order of members, the groups that every contribution gives', () => {
    const metric = 'crm.rows';
    const people = Array.from({ length: 120 }, (_, i) => profileWith(`005P${i}`, metric, 3 + (i % 9), 1 + (i % 13)));
    let seed = 7;
    const shuffled = <T>(xs: T[]): T[] => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        const j = seed % (i + 1);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    };
    const all = emptyTenant();
    const filtered = emptyTenant();
    let left = 0;
    for (let round = 0; round < 5; round++) {
      // Each day a different slice of the people is active, in a different order.
      const active = shuffled(people).slice(0, 40 + round * 15);
      const every = active.flatMap((p) => peerContributions(p, DAY));
      const some = active.flatMap((p) => peerContributions(p, DAY, filtered.peers));
      left += every.length - some.length;
      applyPeerContributions(all, shuffled(every));
      applyPeerContributions(filtered, some);
      expect(filtered.peers).toEqual(all.peers);
      for (const p of active) p.metrics[metric]!.v = p.metrics[metric]!.v.map((v) => v + 1);
    }
    expect(all.peers!['salesforce/org']![metric]!.m).toHaveLength(PEER_MEMBERS_CAP);
    expect(left).toBeGreaterThan(200); // most people never enter a sample of 16
  });
});

describe('PeerReferences', () => {
  const metric = 'crm.rows';
  const withMembers = (n: number, scale: number): { tenant: TenantState; people: Profile[] } => {
    const tenant = emptyTenant();
    const people = Array.from({ length: n }, (_, i) => profileWith(`005R${i}`, metric, 6, scale * (i + 1)));
    applyPeerContributions(tenant, people.flatMap((p) => peerContributions(p, DAY)));
    return { tenant, people };
  };

  it('judges a member against the others only, and a principal of a group without samples against the org', () => {
    const { tenant, people } = withMembers(4, 10);
    const refs = new PeerReferences(tenant);
    const ref = refs.get('salesforce', undefined, metric, people[0]!.key);
    expect(ref).toMatchObject({ kind: 'org', members: 3 });
    // An outsider is judged against all four; the group "sales" has no samples, so the org speaks for it.
    expect(refs.get('salesforce', 'sales', metric, 'salesforce:outsider')).toMatchObject({ kind: 'org', members: 4 });
    expect(refs.get('slack', undefined, metric, 'slack:U1')).toBeNull();
  });

  it('gives what a fresh one gives once told the groups changed, and its earlier answer until then', () => {
    const { tenant } = withMembers(6, 10);
    const refs = new PeerReferences(tenant);
    const self = 'salesforce:005NEW';
    const before = refs.get('salesforce', undefined, metric, self);
    const heavy = Array.from({ length: 6 }, (_, i) => profileWith(`005H${i}`, metric, 6, 10_000));
    expect(applyPeerContributions(tenant, heavy.flatMap((p) => peerContributions(p, DAY, tenant.peers)))).toBe(true);
    expect(refs.get('salesforce', undefined, metric, self)).toEqual(before);
    refs.changed();
    const after = refs.get('salesforce', undefined, metric, self);
    expect(after).toEqual(new PeerReferences(tenant).get('salesforce', undefined, metric, self));
    expect(after!.day).toBeGreaterThan(before!.day);
  });
});
