import { decodeChunks } from './decode-chunks.ts';
import { InputReadError } from './input-read-error.ts';
import { peekFirstLine } from './peek-first-line.ts';
import type { ReplayInput } from './replay-input.ts';
import { sniffFormat } from './sniff-format.ts';

/** `batch`: a project batch (collector output), detected on its own; `vendor`: anything else. */
export type InputKind = 'batch' | 'vendor';

/**
 * Peeks at the first line only. An input that cannot be read counts as `vendor`: reading it for real reports
 * why, in its place among the other rejects.
 */
export async function classifyInput(input: ReplayInput): Promise<InputKind> {
  let chunks: AsyncGenerator<Buffer> | undefined;
  try {
    chunks = decodeChunks(await input.source.open(input.key));
    const peeked = await peekFirstLine(chunks);
    chunks = peeked.chunks;
    if (peeked.firstLine === undefined) return 'vendor';
    return sniffFormat(peeked.firstLine, peeked.complete) === 'envelope-ndjson' ? 'batch' : 'vendor';
  } catch (err) {
    if (err instanceof InputReadError || isOpenError(err)) return 'vendor';
    throw err;
  } finally {
    await chunks?.return(undefined);
  }
}

const isOpenError = (err: unknown): boolean => err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
