import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '..', '..', 'lib', 'core');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));

it('lib/core imports no AWS SDK, network or file system and never reads the wall clock', () => {
  const offenders: string[] = [];
  for (const f of files(CORE)) {
    const src = readFileSync(f, 'utf8');
    if (/from ['"](@aws-sdk|node:(fs|http|https|net|dgram|child_process)|fs|http|https|undici)/.test(src)) offenders.push(`${f}: forbidden import`);
    if (/Date\.now\(|new Date\(\)|performance\.now\(/.test(src)) offenders.push(`${f}: wall clock`);
    if (/\bfetch\(/.test(src)) offenders.push(`${f}: network`);
  }
  expect(offenders).toEqual([]);
});
