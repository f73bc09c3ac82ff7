import type { Normalizer } from '../types.ts';
import { reject } from '../types.ts';

/** Placeholder until the m365 normalizer lands. */
export const normalizeM365: Normalizer = () => reject('not-implemented');
