import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { NormalizedEvent } from '../../../../lib/core/event.ts';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import type { NormalizeContext, NormalizeOutcome } from '../../../../lib/core/normalize/types.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';
import { normalizeSalesforce } from '../../../../lib/core/normalize/salesforce/index.ts';

/** Fixture helpers shared by the Salesforce normalizer tests (not a test file itself). */
export const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/salesforce');

/** An ELF CSV file as the collector stores it: one object per row keyed by the header, every value a string. */
export function elfRows(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(FIXTURES, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** The `records` of a SOQL query response fixture. */
export function soqlRecords(file: string): Record<string, unknown>[] {
  const body = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as { records: Record<string, unknown>[] };
  return body.records;
}

export function run(record: Record<string, unknown>, stream: string, ctx: NormalizeContext = newNormalizeContext(), id = 'rec-1'): NormalizeOutcome {
  return normalizeSalesforce({ record, stream, id, ref: { file: 'fixture', line: 1 } }, ctx);
}

/** Normalizes one record that must yield exactly one schema-valid event, and returns it. */
export function one(record: Record<string, unknown>, stream: string, ctx: NormalizeContext = newNormalizeContext(), id = 'rec-1'): NormalizedEvent {
  const out = run(record, stream, ctx, id);
  if (!out.ok) throw new Error(`expected an event, got reject ${out.reason}: ${out.detail ?? ''}`);
  expect(out.events).toHaveLength(1);
  return NormalizedEventSchema.parse(out.events[0]);
}

/** Normalizes every row of an ELF fixture through one context, in file order (as a batch would). */
export function elfEvents(file: string, ctx: NormalizeContext = newNormalizeContext()): NormalizedEvent[] {
  const type = file.replace(/^elf-|\.csv$/g, '');
  return elfRows(file).map((r, i) => one(r, `elf:${r.EVENT_TYPE ?? type}`, ctx, `0AT5e00000LoGfIL:${i + 1}`));
}

export function rtemEvents(file: string, ctx: NormalizeContext = newNormalizeContext(), stream?: string): NormalizedEvent[] {
  return soqlRecords(file).map((r, i) => {
    const type = (r.attributes as { type: string }).type;
    return one(r, stream ?? `rtem:${type}`, ctx, String(r.EventIdentifier ?? `row-${i}`));
  });
}

export const at = <T>(xs: T[], i: number): T => {
  const x = xs[i];
  if (x === undefined) throw new Error(`no item ${i}`);
  return x;
};
