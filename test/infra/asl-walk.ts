/**
 * A small interpreter for the subset of the Amazon States Language the backfill uses (JSONPath): Choice, Pass,
 * Task and Map (handed to the caller), Retry, Catch, Succeed and Fail, with paths and the intrinsics used. It throws on
 * anything else, so a definition that grows past it fails its test instead of being misread.
 */
export type Json = any;

export class TaskFailure extends Error {
  constructor(readonly error: string, readonly detail = '') {
    super(`${error}: ${detail}`);
  }
}

export interface WalkResult {
  /** State names in the order entered. */
  visited: string[];
  /** The terminal state and the output or error. */
  end: { state: string; type: 'Succeed' | 'Fail' | 'End'; output: Json };
}

export interface WalkOptions {
  context: Json;
  /** Runs a Task or Map state on its effective input; throw TaskFailure for a failed attempt. */
  run: (name: string, state: Json, input: Json) => Json;
  maxSteps?: number;
}

export function walk(definition: Json, input: Json, opts: WalkOptions): WalkResult {
  const visited: string[] = [];
  let name: string = definition.StartAt;
  let data = input;
  for (let step = 0; step < (opts.maxSteps ?? 1_000_000); step++) {
    const state = definition.States[name];
    if (!state) throw new Error(`no state ${name}`);
    visited.push(name);
    switch (state.Type) {
      case 'Choice': {
        const rule = (state.Choices as Json[]).find((c) => matches(c, data, opts.context));
        name = rule ? rule.Next : state.Default;
        if (!name) throw new Error('Choice without a match or Default');
        continue;
      }
      case 'Pass':
        data = applyResultPath(data, state.Parameters ? resolve(state.Parameters, data, opts.context) : data, state.ResultPath);
        break;
      case 'Task':
      case 'Map': {
        const effective = state.Type === 'Task' && state.Parameters ? resolve(state.Parameters, data, opts.context) : data;
        let result: Json;
        let caught: { next: string; error: TaskFailure } | undefined;
        const attempts = new Map<Json, number>();
        for (;;) {
          try {
            result = opts.run(name, state, effective);
            break;
          } catch (err) {
            if (!(err instanceof TaskFailure)) throw err;
            const retrier = (state.Retry ?? []).find((r: Json) => r.ErrorEquals.includes(err.error) || r.ErrorEquals.includes('States.ALL'));
            const used = attempts.get(retrier) ?? 0;
            if (retrier && used < (retrier.MaxAttempts ?? 3)) {
              attempts.set(retrier, used + 1);
              continue;
            }
            const catcher = (state.Catch ?? []).find((c: Json) => c.ErrorEquals.includes(err.error) || c.ErrorEquals.includes('States.ALL'));
            if (!catcher) return { visited, end: { state: name, type: 'Fail', output: { Error: err.error, Cause: err.detail } } };
            caught = { next: catcher.Next, error: err };
            data = applyResultPath(data, { Error: err.error, Cause: err.detail }, catcher.ResultPath);
            break;
          }
        }
        if (caught) {
          name = caught.next;
          continue;
        }
        data = applyResultPath(data, result, state.ResultPath);
        break;
      }
      case 'Succeed':
        return { visited, end: { state: name, type: 'Succeed', output: data } };
      case 'Fail':
        return { visited, end: { state: name, type: 'Fail', output: { Error: get(data, state.ErrorPath, opts.context), Cause: get(data, state.CausePath, opts.context) } } };
      default:
        throw new Error(`unsupported state type ${state.Type}`);
    }
    if (state.End) return { visited, end: { state: name, type: 'End', output: data } };
    name = state.Next;
  }
  throw new Error('too many steps');
}

function matches(rule: Json, data: Json, context: Json): boolean {
  const present = has(data, rule.Variable);
  if ('IsPresent' in rule) return present === rule.IsPresent;
  const v = get(data, rule.Variable, context);
  if ('NumericLessThanPath' in rule) return v < get(data, rule.NumericLessThanPath, context);
  if ('NumericGreaterThanEquals' in rule) return v >= rule.NumericGreaterThanEquals;
  throw new Error(`unsupported choice rule ${JSON.stringify(rule)}`);
}

function applyResultPath(data: Json, result: Json, path: string | null | undefined): Json {
  if (path === null) return data;
  if (path === undefined || path === '$') return result;
  const m = /^\$\.([A-Za-z0-9_]+)$/.exec(path);
  if (!m) throw new Error(`unsupported ResultPath ${path}`);
  return { ...data, [m[1]!]: result };
}

function has(data: Json, path: string): boolean {
  try {
    return get(data, path, {}) !== undefined;
  } catch {
    return false;
  }
}

export function get(data: Json, path: string, context: Json): Json {
  const root = path.startsWith('$$') ? context : data;
  const rest = path.replace(/^\$\$?/, '');
  if (rest === '') return root;
  let v = root;
  for (const part of rest.replace(/^\./, '').split('.')) {
    if (v === null || typeof v !== 'object' || !(part in v)) throw new Error(`path ${path} not found`);
    v = v[part];
  }
  return v;
}

/** Parameters / ItemSelector: `key.$` fields are paths or intrinsic calls. */
export function resolve(template: Json, data: Json, context: Json): Json {
  if (Array.isArray(template)) return template.map((t) => resolve(t, data, context));
  if (template === null || typeof template !== 'object') return template;
  const out: Json = {};
  for (const [k, v] of Object.entries(template)) {
    if (k.endsWith('.$')) out[k.slice(0, -2)] = evaluate(v as string, data, context);
    else out[k] = resolve(v, data, context);
  }
  return out;
}

function evaluate(expr: string, data: Json, context: Json): Json {
  if (expr.startsWith('$')) return get(data, expr, context);
  const m = /^(States\.[A-Za-z]+)\((.*)\)$/s.exec(expr);
  if (!m) throw new Error(`unsupported expression ${expr}`);
  const args = splitArgs(m[2]!).map((a) => (a.startsWith("'") ? a.slice(1, -1) : a.startsWith('$') || a.startsWith('States.') ? evaluate(a, data, context) : Number(a)));
  switch (m[1]) {
    case 'States.MathAdd': return (args[0] as number) + (args[1] as number);
    case 'States.Format': {
      let i = 1;
      return (args[0] as string).replace(/\{\}/g, () => String(args[i++]));
    }
    case 'States.JsonToString': return JSON.stringify(args[0]);
    default: throw new Error(`unsupported intrinsic ${m[1]}`);
  }
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of s) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
