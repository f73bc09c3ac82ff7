import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../lib/adapters/logging/logger.ts';

function capture(): { lines: () => Record<string, unknown>[]; restore: () => void } {
  const out: string[] = [];
  const keep = (chunk: string | Uint8Array): boolean => {
    out.push(String(chunk));
    return true;
  };
  // Powertools writes INFO to stdout and WARN/ERROR to stderr.
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(keep), vi.spyOn(process.stderr, 'write').mockImplementation(keep)];
  return { lines: () => out.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>), restore: () => spies.forEach((s) => s.mockRestore()) };
}

afterEach(() => vi.restoreAllMocks());

describe('createLogger (RedactingLogFormatter)', () => {
  it('prints Powertools-shaped JSON with secret-named fields, known secrets and credential shapes removed', () => {
    const { logger, addSecrets } = createLogger('hoardwatch-test');
    addSecrets(['s3cr3t-client-value']);
    const cap = capture();
    logger.info('calling https://api.example.com/x?access_token=abc123&page=2 with Bearer eyJhbGciOi.eyJzdWIiOiJ4.sig', {
      auth: { token: 'xoxb-123-456-abc', clientSecret: 'whatever', user: 'jdoe' },
      secret: 'anything',
      note: 'the client secret is s3cr3t-client-value',
      pem: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----',
      slack: 'oops xoxp-999-888-zzz leaked',
      rows: 42,
    });
    cap.restore();
    const [line] = cap.lines();
    const text = JSON.stringify(line);
    expect(line).toMatchObject({ level: 'INFO', service: 'hoardwatch-test', rows: 42 });
    expect(line!.auth).toEqual({ token: '[REDACTED]', clientSecret: '[REDACTED]', user: 'jdoe' });
    expect(line!.secret).toBe('[REDACTED]');
    for (const leaked of ['abc123', 'eyJzdWIiOiJ4', 'xoxb-123', 's3cr3t-client-value', 'MIIEvQIBADANBg', 'xoxp-999']) expect(text).not.toContain(leaked);
    expect(String(line!.message)).toContain('page=2');
    expect(String(line!.note)).toBe('the client secret is [REDACTED]');
  });

  it('redacts inside errors and their causes', () => {
    const { logger, addSecrets } = createLogger('hoardwatch-test');
    addSecrets(['hunter2-password']);
    const cap = capture();
    logger.error('run failed', new Error('login with hunter2-password refused', { cause: new Error('Authorization: Bearer abc.def.ghi') }));
    cap.restore();
    const text = JSON.stringify(cap.lines()[0]);
    expect(text).toContain('run failed');
    expect(text).toContain('login with [REDACTED] refused');
    expect(text).not.toContain('hunter2-password');
    expect(text).not.toContain('abc.def.ghi');
  });
});
