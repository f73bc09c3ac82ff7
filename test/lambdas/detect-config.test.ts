import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, parseConfig } from '../../lib/core/config.ts';
import { loadDetectConfig } from '../../lambdas/runtime/detect-config.ts';
import { DetectEnvSchema, LambdaEnvError, readEnv } from '../../lambdas/runtime/lambda-env.ts';
import { largeConfig } from '../infra/large-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'hw-detect-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const base = { STATE_TABLE: 't', RAW_BUCKET: 'b', ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:a' };
const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
};

describe('loadDetectConfig (cold start)', () => {
  it('reads and validates the config file named by HOARDWATCH_CONFIG_FILE (~30 KB)', () => {
    const path = file('config.json', JSON.stringify(largeConfig()));
    const env = readEnv(DetectEnvSchema, { ...base, HOARDWATCH_CONFIG_FILE: path });
    expect(loadDetectConfig(env)).toEqual(parseConfig(largeConfig()));
  });

  it('fails the cold start on a file that is not JSON, naming the file', () => {
    const path = file('broken.json', '{"partners": [');
    const err = errorOf(() => loadDetectConfig({ HOARDWATCH_CONFIG: '{}', HOARDWATCH_CONFIG_FILE: path }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(`config file ${path} is not valid JSON`);
  });

  it('fails on an invalid config with the file and every problem by path', () => {
    const path = file('invalid.json', JSON.stringify({ partners: [{ name: '' }], org: { timezone: 'Mars/Olympus' }, bogus: 1 }));
    const err = errorOf(() => loadDetectConfig({ HOARDWATCH_CONFIG: '{}', HOARDWATCH_CONFIG_FILE: path })) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.issues.every((i) => i.startsWith(`${path}: `))).toBe(true);
    expect(err.message).toContain('partners.0.name');
    expect(err.message).toContain('org.timezone: unknown IANA time zone');
    expect(err.message).toContain('bogus');
  });

  it('fails when the file is missing (the layer is not attached), with the reason', () => {
    const err = errorOf(() => loadDetectConfig({ HOARDWATCH_CONFIG: '{}', HOARDWATCH_CONFIG_FILE: join(dir, 'absent.json') }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('cannot be read: ENOENT');
  });

  it('without a file uses HOARDWATCH_CONFIG (local runs), and without either the defaults', () => {
    expect(loadDetectConfig(readEnv(DetectEnvSchema, { ...base, HOARDWATCH_CONFIG: JSON.stringify({ honeytokens: ['x'] }) })).honeytokens).toEqual(['x']);
    expect(loadDetectConfig(readEnv(DetectEnvSchema, base))).toEqual(defaultConfig());
  });

  it('rejects an environment naming both a file and inline JSON: which one applies would be a guess', () => {
    const err = errorOf(() => readEnv(DetectEnvSchema, { ...base, HOARDWATCH_CONFIG: '{}', HOARDWATCH_CONFIG_FILE: '/opt/hoardwatch/config.json' }));
    expect(err).toBeInstanceOf(LambdaEnvError);
    expect(err.message).toBe('invalid Lambda environment: HOARDWATCH_CONFIG_FILE');
  });
});
