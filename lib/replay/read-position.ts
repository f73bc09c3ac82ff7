import type { RawRejectItem } from '../pipeline/raw-item.ts';
import { rawReject } from '../pipeline/raw-item.ts';
import { describeBytes } from './input-read-error.ts';
import type { ReadLimits } from './read-limits.ts';
import type { LineFault } from './split-lines.ts';

/** Mutable read position, so a read error mid-file is reported at the line it happened. */
export interface ReadPosition {
  file: string;
  line: number;
}

/** The reject of a line (or CSV record) that was not read as text, with what the reader saw of it. */
export function lineFaultReject(f: LineFault, ref: ReadPosition, limits: ReadLimits, source?: 'salesforce'): RawRejectItem {
  const detail = f.fault === 'line-too-long'
    ? `line of ${describeBytes(f.bytes)}, more than the ${describeBytes(limits.lineBytes)} line limit: skipped`
    : `line of ${describeBytes(f.bytes)} is not valid UTF-8`;
  return rawReject(f.fault, { file: ref.file, line: ref.line }, detail, source);
}
