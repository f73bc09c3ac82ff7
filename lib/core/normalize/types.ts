import type { NormalizedEvent, RawRef } from '../event.ts';

/** Facts learned while normalizing a stream, used by later records (pure, per replay/batch run). */
export interface NormalizeContext {
  /** Salesforce: 18-char user id → username, learned from ELF Login rows and RTEM `Username`. */
  sfUsernames: Map<string, string>;
}

export const newNormalizeContext = (): NormalizeContext => ({ sfUsernames: new Map() });

/** A normalizer either yields events (one record may yield several, e.g. Teams members) or rejects with a reason. */
export type NormalizeOutcome =
  | { ok: true; events: NormalizedEvent[] }
  | { ok: false; reason: string; detail?: string };

/** Input of a vendor normalizer: one vendor record with its stable id and stream (DESIGN.md §3). */
export interface NormalizeInput {
  record: Record<string, unknown>;
  stream: string;
  id: string;
  ref: RawRef;
}

export type Normalizer = (input: NormalizeInput, ctx: NormalizeContext) => NormalizeOutcome;

export const reject = (reason: string, detail?: string): NormalizeOutcome =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
