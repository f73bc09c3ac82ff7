import type { Config } from './config.ts';
import type { PrincipalBatch } from './principal-batch.ts';
import { DAY } from './time.ts';

/** Every name a principal goes by (id, e-mail, username, identity, key), lower-cased, for config matching. */
export function namesOf(pb: Pick<PrincipalBatch, 'actorId' | 'email' | 'name' | 'identity' | 'key'>): Set<string> {
  return new Set([pb.actorId, pb.email, pb.name, pb.identity, pb.key].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
}

/** Listed under `serviceAccounts` and not expired at `time`. */
export function isConfiguredServiceAccount(pb: PrincipalBatch, config: Config, time: number): boolean {
  if (config.serviceAccounts.length === 0) return false;
  const names = namesOf(pb);
  return config.serviceAccounts.some((a) => names.has(a.principal.toLowerCase()) && (a.expires === undefined || Date.parse(a.expires) + DAY > time));
}
