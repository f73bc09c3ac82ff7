import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitLines } from '../../lib/replay/split-lines.ts';

async function* chunked(buf: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (const c of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (c > at && c < buf.length) {
      yield buf.subarray(at, c);
      at = c;
    }
  }
  if (at < buf.length) yield buf.subarray(at);
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const lines of splitLines(chunks)) out.push(...lines);
  return out;
}

describe('splitLines', () => {
  it('gives the same lines however the bytes are chunked, multi-byte characters and CRLF included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '€', '𝄞', ' ', '{', '"') }), { maxLength: 20 }),
        fc.boolean(),
        fc.array(fc.nat({ max: 400 }), { maxLength: 30 }),
        async (lines, crlf, cuts) => {
          const text = lines.map((l) => `${l}${crlf ? '\r\n' : '\n'}`).join('');
          expect(await collect(chunked(Buffer.from(text), cuts))).toEqual(lines);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('yields a last line without a trailing newline and keeps blank lines for line counting', async () => {
    expect(await collect(chunked(Buffer.from('a\n\nb'), [1, 2]))).toEqual(['a', '', 'b']);
  });
});
