import { z } from 'zod';
import { toNumber } from './field-schemas.ts';
import { compiled } from '../compiled-schema.ts';

/**
 * Threat Detection `SecurityEventData`: a JSON string holding either an array of
 * `{featureName, featureValue, featureContribution: "93.37 %"}` (ReportAnomaly) or a plain object (ApiAnomaly).
 * It is vendor free text in practice: anything unreadable yields `readable: false` and the event goes on without it.
 */
export interface SecurityFacts {
  readable: boolean;
  rowCount?: number;
  /** Feature names that drove the score, strongest first. */
  reasons?: string[];
  userAgent?: string;
}

const FeatureSchema = compiled('SecurityEventData feature', z.object({
  featureName: z.string(),
  featureValue: z.unknown().optional(),
  featureContribution: z.unknown().optional(),
}));

const ROW_KEYS = new Set(['rowcount', 'rowsprocessed', 'numberofrows', 'rows', 'recordcount']);
const MAX_REASONS = 5;

function parseJson(raw: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof raw !== 'string') return raw !== null && typeof raw === 'object' ? { ok: true, value: raw } : { ok: false };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    // Garbage here is a documented vendor quirk, reported to the caller as `readable: false`.
    return { ok: false };
  }
}

const contribution = (v: unknown): number => toNumber(typeof v === 'string' ? v.replace('%', '') : v) ?? 0;
const nonNegative = (v: unknown): number | undefined => {
  const n = toNumber(v);
  return n !== undefined && n >= 0 ? n : undefined;
};

export function readSecurityEventData(raw: unknown): SecurityFacts {
  if (raw === undefined || raw === null || raw === '') return { readable: false };
  const json = parseJson(raw);
  if (!json.ok) return { readable: false };
  const value = json.value;
  const facts: SecurityFacts = { readable: true };
  if (Array.isArray(value)) {
    const features = value.flatMap((f) => {
      const parsed = FeatureSchema.safeParse(f);
      return parsed.success ? [parsed.data] : [];
    });
    for (const f of features) {
      const name = f.featureName.toLowerCase();
      if (ROW_KEYS.has(name) && facts.rowCount === undefined) {
        const n = nonNegative(f.featureValue);
        if (n !== undefined) facts.rowCount = n;
      }
      if (name === 'useragent' && typeof f.featureValue === 'string' && f.featureValue !== 'null') facts.userAgent = f.featureValue;
    }
    const reasons = features
      .map((f) => ({ name: f.featureName, weight: contribution(f.featureContribution) }))
      .filter((f) => f.weight > 0)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, MAX_REASONS)
      .map((f) => f.name);
    if (reasons.length) facts.reasons = reasons;
    return facts;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const key = k.toLowerCase();
      if (ROW_KEYS.has(key) && facts.rowCount === undefined) {
        const n = nonNegative(v);
        if (n !== undefined) facts.rowCount = n;
      }
      if (key === 'useragent' && typeof v === 'string') facts.userAgent = v;
    }
    return facts;
  }
  return { readable: false };
}
