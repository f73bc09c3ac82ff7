import type { Normalizer } from '../types.ts';
import { reject } from '../types.ts';

/** Placeholder until the slack normalizer lands. */
export const normalizeSlack: Normalizer = () => reject('not-implemented');
