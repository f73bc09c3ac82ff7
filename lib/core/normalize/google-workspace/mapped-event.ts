import type { Action, App, NormalizedEvent } from '../../event.ts';

/** What an application reader makes of one event; the normalizer adds id, time, actor and source fields. */
export interface GwMapped {
  action: Action;
  app: App;
  outcome?: 'failure' | 'unknown';
  object?: NonNullable<NormalizedEvent['object']>;
  external?: NonNullable<NormalizedEvent['external']>;
  count?: number;
  details?: Record<string, unknown>;
}

/** Who did it, for readers that judge whether a counterpart is outside the organisation. */
export interface GwParty {
  /** The actor's e-mail domain, lower-cased. */
  actorDomain: string | undefined;
  /** `ownerDomain` of the activity (the customer's domain), lower-cased. */
  ownerDomain: string | undefined;
}

/** True when `domain` is neither the actor's nor the activity owner's (detectors still apply the configured internal domains). */
export const isForeign = (domain: string | undefined, party: GwParty): domain is string =>
  domain !== undefined && domain !== party.actorDomain && domain !== party.ownerDomain;
