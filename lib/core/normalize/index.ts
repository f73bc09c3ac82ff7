import type { Source, RawRef } from '../event.ts';
import type { NormalizeContext, NormalizeOutcome, Normalizer } from './types.ts';
import { reject } from './types.ts';
import { normalizeSalesforce } from './salesforce/index.ts';
import { normalizeM365 } from './m365/index.ts';
import { normalizeSlack } from './slack/index.ts';

const bySource: Record<Source, Normalizer> = { salesforce: normalizeSalesforce, m365: normalizeM365, slack: normalizeSlack };

/**
 * Normalize one enveloped vendor record. Never throws: a normalizer bug on a strange record becomes a reject
 * with its reason, so one bad record cannot stop a batch.
 */
export function normalizeRecord(
  source: Source,
  input: { record: Record<string, unknown>; stream: string; id: string; ref: RawRef },
  ctx: NormalizeContext,
): NormalizeOutcome {
  try {
    return bySource[source](input, ctx);
  } catch (err) {
    return reject('normalizer-error', err instanceof Error ? err.message : String(err));
  }
}

export { newNormalizeContext } from './types.ts';
export type { NormalizeContext, NormalizeOutcome } from './types.ts';
