import type { Normalizer } from '../types.ts';
import { reject } from '../types.ts';

/** Placeholder until the salesforce normalizer lands. */
export const normalizeSalesforce: Normalizer = () => reject('not-implemented');
