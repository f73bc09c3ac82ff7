import { z } from 'zod';

const resolvers: (() => unknown)[] = [];
const failures: string[] = [];
const originals = new WeakMap<z.ZodType, z.ZodType>();

/** The schema `compiled` was given, for a schema it returned; the schema itself otherwise. */
export const uncompiled = (schema: z.ZodType): z.ZodType => originals.get(schema) ?? schema;

/**
 * `schema` with zod's ahead-of-time compiled fast path (`z.compile`), for schemas parsed on every vendor record.
 * Valid input skips the interpreter's per-field dispatch and allocation (most of the normalizer's time); invalid
 * input falls back to the interpreter, so issues, and the reject details built from them, are unchanged.
 * Compiled on first use (`z.lazy`), not at import: compiling every vendor schema up front cost ~0.1 s per cold start.
 * A schema the compiler refuses keeps working uncompiled and is reported by `uncompiledSchemas`.
 */
export function compiled<T extends z.ZodType>(name: string, schema: T): z.ZodLazy<T> {
  let fast: T | undefined;
  const resolve = (): T => (fast ??= compileOrKeep(name, schema));
  resolvers.push(resolve);
  const lazy = z.lazy(resolve);
  originals.set(lazy, schema);
  return lazy;
}

function compileOrKeep<T extends z.ZodType>(name: string, schema: T): T {
  try {
    return z.compile(schema, { strict: true });
  } catch (err) {
    failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    return schema;
  }
}

/** Compiles every schema made with `compiled` so far and lists those left on the interpreter, with why. */
export function uncompiledSchemas(): string[] {
  for (const resolve of resolvers) resolve();
  return [...failures];
}
