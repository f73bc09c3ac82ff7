/** `Sforce-Limit-Info: api-usage=10018/100000; api-bursts=1/750` → the rolling daily org quota. */
export interface ApiUsage {
  used: number;
  max: number;
}

export function parseLimitInfo(header: string | null | undefined): ApiUsage | undefined {
  const m = /api-usage=(\d+)\/(\d+)/.exec(header ?? '');
  if (!m) return undefined;
  return { used: Number(m[1]), max: Number(m[2]) };
}

/** True when fewer than `reservePercent` % of the daily quota is left: stop before other integrations starve. */
export function quotaLow(usage: ApiUsage | undefined, reservePercent: number): boolean {
  if (!usage || usage.max <= 0) return false;
  return usage.max - usage.used < (usage.max * reservePercent) / 100;
}
