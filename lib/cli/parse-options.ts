import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { parseIsoUtc } from '../core/normalize/timestamps.ts';
import { UsageError } from './cli-errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node's parseArgs, strict, with `--help/-h` always known; its errors become UsageError (exit 2). */
export function parseOptions<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as O & { help: { type: 'boolean'; short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(firstSentence((err as Error).message), command, { cause: err });
  }
}

/** A positive integer option value, or UsageError. */
export function intOption(command: string, name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`, command);
  return Number(raw);
}

/** An ISO 8601 time option value as epoch ms (undefined when not given), or UsageError. */
export function timeOption(command: string, name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const t = parseIsoUtc(raw);
  if (t === undefined) throw new UsageError(`--${name} must be an ISO 8601 time such as 2026-11-22T03:00:00Z, got "${raw}"`, command);
  return t;
}

/** parseArgs messages run on with advice in further sentences; the first one says what is wrong. */
const firstSentence = (msg: string): string => (msg.split('\n')[0] ?? msg).replace(/^(.*?[^.]\.)\s.*$/, '$1');
