import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../lib/adapters/logging/logger.ts';
import { MAX_LOG_DEPTH } from '../../../lib/adapters/logging/redacting-log-formatter.ts';

afterEach(() => vi.restoreAllMocks());

function logged(fn: () => void): string {
  const out: string[] = [];
  const keep = (chunk: string | Uint8Array): boolean => (out.push(String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  fn();
  vi.restoreAllMocks();
  return out.join('');
}

function nest(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { level: v };
  return v;
}

describe('RedactingLogFormatter at any depth', () => {
  it('never prints a secret nested deeper than it walks (it was printed raw below 12 levels)', () => {
    const { logger, addSecrets } = createLogger('hoardwatch-test');
    addSecrets(['runtime-session-token-0123456789']);
    for (const depth of [5, 13, 40, 2000]) {
      const text = logged(() => logger.info('nested', { payload: nest(depth, { note: 'runtime-session-token-0123456789', token: 'xoxp-1-2-3' }) }));
      expect(text, `depth ${depth}`).not.toContain('runtime-session-token-0123456789');
      expect(text, `depth ${depth}`).not.toContain('xoxp-1-2-3');
      expect(() => JSON.parse(text)).not.toThrow();
    }
    const shallow = logged(() => logger.info('nested', { payload: nest(5, { note: 'kept' }) }));
    expect(shallow).toContain('kept');
    const deep = logged(() => logger.info('nested', { payload: nest(MAX_LOG_DEPTH + 5, { note: 'dropped' }) }));
    expect(deep).toContain(`nested deeper than ${MAX_LOG_DEPTH} levels`);
  });

  it('survives cyclic values and long cause chains', () => {
    const { logger, addSecrets } = createLogger('hoardwatch-test');
    addSecrets(['secret-in-a-cause-chain']);
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    let err: Error = new Error('root secret-in-a-cause-chain');
    for (let i = 0; i < 100; i++) err = new Error(`wrap ${i}`, { cause: err });
    const text = logged(() => logger.error('failed', { a, err }));
    expect(text).not.toContain('secret-in-a-cause-chain');
    expect(text).toContain('[circular]');
  });
});
