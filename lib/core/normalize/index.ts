import type { Source } from '../event.ts';
import type { NormalizeContext, NormalizeInput, NormalizeOutcome, Normalizer } from './types.ts';
import { reject } from './types.ts';
import { normalizeSalesforce } from './salesforce/index.ts';
import { normalizeM365 } from './m365/index.ts';
import { normalizeSlack } from './slack/index.ts';
import { normalizeGoogleWorkspace } from './google-workspace/index.ts';
import { normalizeOkta } from './okta/index.ts';
import { implausibility, plausibleWindow, referenceTime } from './time-plausibility.ts';
import { capEventText } from './vendor-text.ts';

const bySource: Record<Source, Normalizer> = {
  salesforce: normalizeSalesforce, m365: normalizeM365, slack: normalizeSlack, 'google-workspace': normalizeGoogleWorkspace, okta: normalizeOkta,
};

/**
 * Normalize one enveloped vendor record. Never throws: a normalizer bug on a strange record becomes a reject
 * with its reason, so one bad record cannot stop a batch. For every vendor alike, a record whose time lies outside
 * the plausible window around its collection time is rejected as `implausible-time` (it would move a principal's
 * clock), and the vendor strings of its events are cut to MAX_VENDOR_TEXT.
 */
export function normalizeRecord(source: Source, input: NormalizeInput, ctx: NormalizeContext): NormalizeOutcome {
  let out: NormalizeOutcome;
  try {
    out = bySource[source](input, ctx);
  } catch (err) {
    return reject('normalizer-error', err instanceof Error ? err.message : String(err));
  }
  if (!out.ok) return out;
  const window = plausibleWindow(referenceTime(input.collectedAt, ctx.clock?.now()));
  for (const e of out.events) {
    // Two comparisons per event; the detail is built only for a reject.
    if (e.time > window.latest || e.time < window.earliest) return reject('implausible-time', implausibility(e.time, window));
    capEventText(e);
  }
  return out;
}

export { newNormalizeContext } from './types.ts';
export type { NormalizeContext, NormalizeInput, NormalizeOutcome } from './types.ts';
export { EARLIEST_PLAUSIBLE_MS, FUTURE_TOLERANCE_MS, MAX_RECORD_AGE_MS } from './time-plausibility.ts';
export { MAX_VENDOR_TEXT } from './vendor-text.ts';
