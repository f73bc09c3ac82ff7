/**
 * Okta's own judgement of a sign-in, from `debugContext.debugData`: `behaviors` ("New Device=POSITIVE", …) and `risk`
 * ("{reasons=…, level=HIGH}"). Okta writes them as Java map text (`{New IP=POSITIVE, New City=NEGATIVE}`), and some
 * orgs only as JSON inside `logOnlySecurityData`; both are read. Anything else counts as not said.
 */
export interface RiskBehaviors {
  newDevice?: boolean;
  newGeo?: boolean;
  newIp?: boolean;
  risk?: 'low' | 'medium' | 'high';
}

type Rec = Record<string, unknown>;
const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{A=B, C=D}` → {A: 'B', C: 'D'}; a JSON object string or an object is taken as it is. */
function mapText(raw: unknown): Rec | undefined {
  if (isObject(raw)) return raw;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) return undefined;
  if (s.startsWith('{"')) {
    try {
      const parsed = JSON.parse(s) as unknown;
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined; // not JSON after all: read as map text below
    }
  }
  const out: Rec = {};
  for (const part of s.slice(1, -1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const flag = (v: unknown): boolean | undefined => (v === 'POSITIVE' ? true : v === 'NEGATIVE' ? false : undefined);

function level(v: unknown): RiskBehaviors['risk'] {
  const s = typeof v === 'string' ? v.toLowerCase() : undefined;
  return s === 'low' || s === 'medium' || s === 'high' ? s : undefined;
}

export function riskBehaviors(debugData: Rec | null | undefined): RiskBehaviors {
  if (!debugData) return {};
  const security = mapText(debugData['logOnlySecurityData']);
  const behaviors = mapText(debugData['behaviors']) ?? mapText(security?.['behaviors']);
  const risk = mapText(debugData['risk']) ?? mapText(security?.['risk']);
  const out: RiskBehaviors = {};
  const newDevice = flag(behaviors?.['New Device']);
  const newGeo = flag(behaviors?.['New Geo-Location']);
  const newIp = flag(behaviors?.['New IP']);
  const lvl = level(risk?.['level']);
  if (newDevice !== undefined) out.newDevice = newDevice;
  if (newGeo !== undefined) out.newGeo = newGeo;
  if (newIp !== undefined) out.newIp = newIp;
  if (lvl !== undefined) out.risk = lvl;
  return out;
}
