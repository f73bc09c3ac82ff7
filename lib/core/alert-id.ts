import { createHash } from 'node:crypto';

/** Deterministic alert id: the same detector, principal and window always give the same id (so no double publish). */
export function alertId(detector: string, principalKey: string, windowStart: number): string {
  return createHash('sha256').update(`${detector}|${principalKey}|${windowStart}`).digest('hex').slice(0, 32);
}
