import { rtemFamily, RtemBaseSchema } from './rtem-common.ts';
import { cleanUserAgent, sfNumber, sfText } from './field-schemas.ts';
import { readSecurityEventData } from './security-event-data.ts';
import { z } from 'zod';

/** `ReportAnomalyEventStore` → `ReportAnomaly`; `SessionHijackingEvent` → `SessionHijacking`. */
export function threatKind(object: string): string {
  return object.replace(/Event(Store)?$/, '') || object;
}

/** Without an object name (a bare SOQL row), the vendor's generated `Summary` is the only hint of the kind. */
export function kindFromSummary(summary: string | undefined): string {
  const s = summary?.toLowerCase() ?? '';
  if (/session hijack/.test(s)) return 'SessionHijacking';
  if (/credential stuff/.test(s)) return 'CredentialStuffing';
  if (/\breport\b/.test(s)) return 'ReportAnomaly';
  if (/\bapi\b/.test(s)) return 'ApiAnomaly';
  if (/\blogin\b/.test(s)) return 'LoginAnomaly';
  return 'ThreatDetection';
}

/** Threat Detection `Score` is 0–1; some exports already give 0–100. Always 0–100, rounded. */
export function score100(score: number | undefined): number | undefined {
  if (score === undefined || score < 0) return undefined;
  return Math.round(Math.min(100, score <= 1 ? score * 100 : score));
}

const MAX_SUMMARY = 300;

/** Threat Detection `*EventStore` objects (ApiAnomaly, ReportAnomaly, SessionHijacking, CredentialStuffing, …). */
export const rtemThreatDetection = rtemFamily(
  RtemBaseSchema.extend({ Score: sfNumber, Summary: sfText, SecurityEventData: z.unknown().optional(), Id: sfText }),
  (row, object) => {
    const facts = readSecurityEventData(row.SecurityEventData);
    const known = object !== '';
    return {
      action: 'vendor_anomaly',
      vendorAction: known ? object : 'ThreatDetectionEvent',
      count: facts.rowCount,
      ua: cleanUserAgent(row.UserAgent) ?? cleanUserAgent(facts.userAgent),
      details: {
        kind: known ? threatKind(object) : kindFromSummary(row.Summary),
        score: score100(row.Score),
        reasons: facts.reasons ?? (row.Summary ? [row.Summary.slice(0, MAX_SUMMARY)] : undefined),
        summary: row.Summary?.slice(0, MAX_SUMMARY),
        securityEventData: row.SecurityEventData !== undefined && row.SecurityEventData !== null && !facts.readable ? 'unreadable' : undefined,
        vendorId: row.Id,
      },
    };
  },
);
