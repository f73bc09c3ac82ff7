import type { Clock } from '../../core/clock.ts';

/**
 * Supplies the bearer token for vendor calls. `refresh: true` is asked once after a 401: fetch a new token (Salesforce
 * JWT/client credentials, Entra client credentials). A static token (Slack) just returns the same value.
 */
export interface TokenProvider {
  token(opts?: { refresh?: boolean }): Promise<string>;
}

export const staticToken = (value: string): TokenProvider => ({ token: async () => value });

/** A token as an OAuth token endpoint issues it: the value and its lifetime in seconds (`expires_in`). */
export interface IssuedToken {
  value: string;
  expiresIn?: number | string | undefined;
}

/** Refresh this long before expiry, so a token never dies in the middle of a pass. */
const EARLY_REFRESH_MS = 5 * 60_000;
/** The lifetime assumed when the endpoint gives none (or none readable). */
const DEFAULT_LIFETIME_S = 3600;

/**
 * A token with a lifetime (Entra client credentials, a Google service account, an Okta service app): fetched again
 * when it is within five minutes of expiry or after a 401 (`refresh`); callers at the same time share one request.
 */
export class ExpiringToken implements TokenProvider {
  #token: string | undefined;
  #expiresAt = 0;
  #inflight: Promise<string> | undefined;

  constructor(private readonly clock: Clock, private readonly issue: () => Promise<IssuedToken>) {}

  token(opts?: { refresh?: boolean }): Promise<string> {
    const fresh = this.#token !== undefined && this.clock.now() < this.#expiresAt - EARLY_REFRESH_MS;
    if (fresh && !opts?.refresh) return Promise.resolve(this.#token as string);
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #fetch(): Promise<string> {
    const t = await this.issue();
    const lifetimeS = Number(t.expiresIn ?? DEFAULT_LIFETIME_S);
    this.#token = t.value;
    this.#expiresAt = this.clock.now() + (Number.isFinite(lifetimeS) ? lifetimeS : DEFAULT_LIFETIME_S) * 1000;
    return t.value;
  }
}
