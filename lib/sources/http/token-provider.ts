/**
 * Supplies the bearer token for vendor calls. `refresh: true` is asked once after a 401: fetch a new token (Salesforce
 * JWT/client credentials, Entra client credentials). A static token (Slack) just returns the same value.
 */
export interface TokenProvider {
  token(opts?: { refresh?: boolean }): Promise<string>;
}

export const staticToken = (value: string): TokenProvider => ({ token: async () => value });
