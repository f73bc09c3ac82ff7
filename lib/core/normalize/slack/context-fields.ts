import type { NormalizedEvent } from '../../event.ts';
import { cleanIp } from '../ip-address.ts';
import { sourceOf } from '../event-source.ts';
import type { SlackContext } from './entry-schema.ts';

/**
 * `context.session_id`: a large integer or null. JSON.parse has already rounded values beyond 2^53, so we keep
 * the decimal string form of the number as parsed (never exponent notation); digit strings from a lossless
 * collector pass through unchanged.
 */
export function slackSessionId(raw: unknown): string | undefined {
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw) || raw < 0) return undefined;
    // Integers print in exponent notation from 1e21 on.
    return raw >= 1e21 ? BigInt(raw).toString() : String(raw);
  }
  if (typeof raw === 'string') {
    const text = raw.trim();
    return text && text !== 'null' ? text : undefined;
  }
  return undefined;
}

/** Loopback: Slack logs server-side actions (e.g. uploads done by Slack's own services) with 127.0.0.1. */
const LOOPBACK = new Set(['127.0.0.1', '::1']);

export interface SlackContextFields {
  tenant?: string;
  src?: NonNullable<NormalizedEvent['src']>;
  session?: string;
  serverSide: boolean;
}

export function slackContextFields(context: SlackContext | undefined): SlackContextFields {
  const ip = cleanIp(context?.ip_address);
  const ua = typeof context?.ua === 'string' && context.ua.trim() ? context.ua : undefined;
  const session = slackSessionId(context?.session_id);
  const tenant = context?.location?.id?.trim() || undefined;
  const fields: SlackContextFields = { serverSide: ip !== undefined && LOOPBACK.has(ip) };
  if (tenant !== undefined) fields.tenant = tenant;
  const src = sourceOf(ip, ua);
  if (src) fields.src = src;
  if (session !== undefined) fields.session = session;
  return fields;
}
