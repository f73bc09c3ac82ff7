/** Bytes read ahead to find the first line; a longer first line is treated as cut (see sniffFormat). */
const PEEK_LIMIT = 1024 * 1024;

export interface Peeked {
  /** First non-blank line (without BOM handling), or undefined for an empty/blank input. */
  firstLine: string | undefined;
  /** False when the line was cut at the peek limit or the input ended inside a still-open JSON value. */
  complete: boolean;
  /** All chunks again, from the first byte: what was peeked, then the rest. */
  chunks: AsyncGenerator<Buffer>;
}

async function* replayChunks(head: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* head;
    for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
  } finally {
    await rest.return?.();
  }
}

/** Reads just enough of `chunks` to see the first non-blank line, without losing any byte. */
export async function peekFirstLine(chunks: AsyncGenerator<Buffer>): Promise<Peeked> {
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  for (;;) {
    const text = Buffer.concat(head).toString('utf8');
    const m = /^\s*?([^\n]*\S[^\n]*)(\n|$)/.exec(text);
    if (m && (m[2] === '\n' || ended)) {
      return { firstLine: m[1]!.replace(/\r$/, ''), complete: true, chunks: replayChunks(head, chunks) };
    }
    if (ended) return { firstLine: undefined, complete: true, chunks: replayChunks(head, chunks) };
    if (size >= PEEK_LIMIT) return { firstLine: m?.[1] ?? text.trim(), complete: false, chunks: replayChunks(head, chunks) };
    const r = await chunks.next();
    if (r.done) ended = true;
    else {
      head.push(r.value);
      size += r.value.length;
    }
  }
}
