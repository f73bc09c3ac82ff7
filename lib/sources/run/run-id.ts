import type { Clock } from '../../core/clock.ts';
import type { Random } from '../http/sleep.ts';

/**
 * `20261122T030000Z-k3f9q2`: sortable by start time, unique enough across concurrent starts, and safe in file names
 * and S3 keys (no colons).
 */
export function newRunId(clock: Clock, random: Random): string {
  const iso = new Date(clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += Math.floor(random() * 36).toString(36);
  return `${iso}-${suffix}`;
}
