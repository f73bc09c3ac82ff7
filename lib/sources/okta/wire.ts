import { z } from 'zod';
import { parseIsoUtc } from '../../core/normalize/timestamps.ts';

/**
 * `GET /api/v1/logs` wire shapes. A page is a bare JSON array of LogEvents. Only what collection relies on is
 * checked per event (`uuid`, `published`): an event without them is written flagged, never fails the page.
 */
export const OktaLogsPageSchema = z.array(z.unknown());

export const OktaLogEventWireSchema = z.looseObject({
  uuid: z.string().min(1),
  published: z.string().refine((s) => parseIsoUtc(s) !== undefined, 'expected an ISO 8601 time'),
});

/** Largest page `/api/v1/logs` serves. */
export const OKTA_MAX_LIMIT = 1000;

/** OAuth 2.0 token response of the org authorization server (`/oauth2/v1/token`). */
export const OktaTokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string()]).optional(),
});
