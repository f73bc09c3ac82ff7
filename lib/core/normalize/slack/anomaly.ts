import { z } from 'zod';
import { cleanIp } from '../ip-address.ts';
import { compiled } from '../compiled-schema.ts';

/**
 * `details.action_timestamp` of an `anomaly` entry: epoch ms or µs (both seen, api-contracts.md §3.6).
 * Returns epoch ms. Magnitude decides the unit: µs epochs exceed 1e14 after 1973, ms epochs stay below it
 * until the year 5138, and anything under 1e11 can only be seconds.
 */
export function anomalyTimestampMs(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n >= 1e14) return Math.round(n / 1000);
  if (n >= 1e11) return Math.round(n);
  return Math.round(n * 1000);
}

/** `details.reason` as a list whatever its shape (the SDK types it as a string, the API sends an array). */
export function anomalyReasons(raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  return [...new Set(items.filter((r): r is string => typeof r === 'string').map((r) => r.trim()).filter(Boolean))];
}

const optText = z.string().optional().catch(undefined);

const AnomalyDetailsSchema = compiled('Slack anomaly details', z.object({
  reason: z.unknown().optional(),
  action_timestamp: z.unknown().optional(),
  location: optText,
  previous_ip_address: z.unknown().optional(),
  previous_ua: optText,
  ip_address_details: z.unknown().optional(),
  scraping_tool: optText,
}));

/** The facts of an anomaly a detector can use: reasons first, then where and how it was seen. */
export function anomalyDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  const parsed = AnomalyDetailsSchema.safeParse(details ?? {});
  if (!parsed.success) return { reasons: [] };
  const d = parsed.data;
  const actionTimestamp = anomalyTimestampMs(d.action_timestamp);
  const previousIp = cleanIp(d.previous_ip_address);
  const ipDetails = anomalyReasons(d.ip_address_details);
  return {
    reasons: anomalyReasons(d.reason),
    ...(actionTimestamp !== undefined && { actionTimestamp }),
    ...(d.location?.trim() && { location: d.location.trim() }),
    ...(previousIp !== undefined && { previousIp }),
    ...(d.previous_ua?.trim() && { previousUa: d.previous_ua }),
    ...(ipDetails.length > 0 && { ipAddressDetails: ipDetails }),
    ...(d.scraping_tool?.trim() && { scrapingTool: d.scraping_tool.trim() }),
  };
}
