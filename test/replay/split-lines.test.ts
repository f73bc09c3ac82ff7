import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Line } from '../../lib/replay/split-lines.ts';
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

async function collect(chunks: AsyncIterable<Buffer>, max?: number): Promise<Line[]> {
  const out: Line[] = [];
  for await (const lines of splitLines(chunks, max)) out.push(...lines);
  return out;
}

describe('splitLines', () => {
  it('gives the same lines however the bytes are chunked, multi-byte characters and CRLF included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '€', '𝄞', ' ', '{', '"', '\uFFFD') }), { maxLength: 20 }),
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

  it('property: a line over the limit becomes one line-too-long fault in its place, however chunked, and the rest goes on', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 30 }),
        async (lengths, cuts) => {
          const lines = lengths.map((n, i) => String.fromCharCode(97 + (i % 26)).repeat(n));
          const expected = lines.map((l) => (l.length > 20 ? { fault: 'line-too-long', bytes: l.length } : l));
          expect(await collect(chunked(Buffer.from(lines.map((l) => `${l}\n`).join('')), cuts), 20)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts a 64 MiB line in 1 MiB chunks as one fault of its full length (held only up to the limit)', async () => {
    const MiB = 1024 * 1024;
    async function* huge(): AsyncGenerator<Buffer> {
      yield Buffer.from('first\n');
      for (let i = 0; i < 64; i++) yield Buffer.alloc(MiB, 'x');
      yield Buffer.from('\nlast');
    }
    expect(await collect(huge(), 4 * MiB)).toEqual(['first', { fault: 'line-too-long', bytes: 64 * MiB }, 'last']);
    async function* hugeLast(): AsyncGenerator<Buffer> {
      yield Buffer.from('first\n');
      for (let i = 0; i < 8; i++) yield Buffer.alloc(MiB, 'x');
    }
    expect(await collect(hugeLast(), 4 * MiB)).toEqual(['first', { fault: 'line-too-long', bytes: 8 * MiB }]);
  });

  it('rejects a line of invalid UTF-8 as invalid-utf8 instead of replacing bytes, and keeps a real U+FFFD', async () => {
    const bad = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}\n')]);
    const text = Buffer.from('ok\n{"name":"\uFFFD"}\n');
    expect(await collect(chunked(Buffer.concat([bad, text]), [10]))).toEqual([
      { fault: 'invalid-utf8', bytes: bad.length - 1 }, 'ok', '{"name":"\uFFFD"}',
    ]);
  });
});
