/**
 * Event parameters of the Reports API: `[{name, value | intValue | boolValue | multiValue | multiIntValue |
 * messageValue | multiMessageValue}]`. Read into a plain name → value object once per event (a dozen entries), then
 * looked up by the mapping; nested message values are kept as they are for the few readers that need them.
 */
export type GwParams = Record<string, unknown>;

export interface GwEvent {
  name: string;
  type: string | undefined;
  params: GwParams;
}

/** One event of an activity, or why it cannot be used. */
export function readEvent(raw: unknown): GwEvent | string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'event is not an object';
  const e = raw as Record<string, unknown>;
  if (typeof e['name'] !== 'string' || e['name'] === '') return 'event has no name';
  const params: GwParams = {};
  const list = e['parameters'];
  if (Array.isArray(list)) {
    for (const p of list) {
      if (p === null || typeof p !== 'object') continue;
      const q = p as Record<string, unknown>;
      if (typeof q['name'] !== 'string') continue;
      params[q['name']] = q['value'] ?? q['intValue'] ?? q['boolValue'] ?? q['multiValue'] ?? q['multiIntValue'] ?? q['messageValue'] ?? q['multiMessageValue'];
    }
  }
  return { name: e['name'], type: typeof e['type'] === 'string' ? e['type'] : undefined, params };
}

/** A parameter as text: a string, a number, or the first string of a multi-value. */
export function text(params: GwParams, name: string): string | undefined {
  const v = params[name];
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v) && typeof v[0] === 'string' && v[0].length > 0) return v[0];
  return undefined;
}

/** A parameter as a list of strings (multiValue, or one value). */
export function list(params: GwParams, name: string): string[] {
  const v = params[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return typeof v === 'string' && v.length > 0 ? [v] : [];
}

/** A boolean parameter (`boolValue`, or the strings some exports turn it into). */
export function flag(params: GwParams, name: string): boolean | undefined {
  const v = params[name];
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** OAuth scopes of a token event: `scope` (multiValue), else every `scope_name` in `scope_data`. */
export function scopes(params: GwParams): string[] {
  const direct = list(params, 'scope');
  if (direct.length > 0) return direct;
  const data = params['scope_data'];
  if (!Array.isArray(data)) return [];
  const out: string[] = [];
  for (const m of data) {
    const inner = m !== null && typeof m === 'object' ? (m as { parameter?: unknown }).parameter : undefined;
    if (!Array.isArray(inner)) continue;
    for (const p of inner) {
      const q = p as { name?: unknown; value?: unknown } | null;
      if (q?.name === 'scope_name' && typeof q.value === 'string') out.push(q.value);
    }
  }
  return out;
}

/** Domain of an e-mail address, lower-cased. */
export function domainOf(email: string | undefined): string | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf('@');
  return at > 0 && at < email.length - 1 ? email.slice(at + 1).toLowerCase() : undefined;
}
