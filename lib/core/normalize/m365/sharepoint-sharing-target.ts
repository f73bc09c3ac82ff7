import type { NormalizedEvent } from '../../event.ts';
import { emailDomain, externalFromAddress, isGuestUpn } from './guest-upn.ts';

type External = NonNullable<NormalizedEvent['external']>;

/**
 * The external party a sharing operation reaches, if any. `TargetUserOrGroupType` Guest/Partner, or a `#EXT#`
 * UPN, is external by the vendor's word. Without a type, an e-mail target outside the actor's own domain counts
 * as external: the normalizer does not know the tenant's other domains, detectors compare with config. Groups,
 * members and sharing-link groups (`SharingLinks.<id>.AnonymousEdit.<id>`) are not external parties.
 */
export function sharingTarget(
  f: { TargetUserOrGroupName?: string | undefined; TargetUserOrGroupType?: string | undefined; UserSharedWith?: string | undefined },
  actor: NormalizedEvent['actor'],
): External | undefined {
  const target = (f.TargetUserOrGroupName?.trim() || f.UserSharedWith?.trim()) || undefined;
  if (!target) return undefined;
  const type = f.TargetUserOrGroupType?.trim().toLowerCase();
  const ext = externalFromAddress(target);
  if (type === 'guest' || type === 'partner' || isGuestUpn(target)) return ext ?? { name: target };
  if (type !== undefined || !ext) return undefined;
  const actorDomain = actor.email ? emailDomain(actor.email) : undefined;
  return actorDomain && ext.domain === actorDomain ? undefined : ext;
}
