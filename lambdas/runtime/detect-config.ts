import { readFileSync } from 'node:fs';
import type { Config } from '../../lib/core/config.ts';
import { ConfigError, parseConfig } from '../../lib/core/config.ts';
import type { DetectEnv } from './lambda-env.ts';
import { configFromEnv } from './lambda-env.ts';

/**
 * The detect functions' config at cold start. Deployed, HOARDWATCH_CONFIG_FILE names the file the stack ships in the
 * config layer (lib/infra/detect-config-layer.ts), which synth validated; it is validated again here, as the CLI
 * validates a config file, so a damaged or hand-edited file fails the cold start with its path and every problem.
 * Without the variable, HOARDWATCH_CONFIG (local runs) or the defaults apply.
 */
export function loadDetectConfig(
  env: Pick<DetectEnv, 'HOARDWATCH_CONFIG' | 'HOARDWATCH_CONFIG_FILE'>,
  readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Config {
  const path = env.HOARDWATCH_CONFIG_FILE;
  if (path === undefined) return configFromEnv(env.HOARDWATCH_CONFIG);
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    throw new ConfigError([`config file ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`], { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`config file ${path} is not valid JSON: ${(err as Error).message}`], { cause: err });
  }
  try {
    return parseConfig(value);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(err.issues.map((i) => `${path}: ${i}`), { cause: err });
    throw err;
  }
}
