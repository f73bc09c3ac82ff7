import { readFile } from 'node:fs/promises';
import type { Config } from '../core/config.ts';
import { ConfigError, defaultConfig, parseConfig } from '../core/config.ts';
import { ConfigFileError } from './cli-errors.ts';

/** The config at `path` (DESIGN.md §5), or the defaults without one. Throws ConfigFileError listing every problem. */
export async function loadConfig(path: string | undefined): Promise<Config> {
  if (path === undefined) return defaultConfig();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigFileError(path, [`cannot read: ${(err as Error).message}`], { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(path, [`not valid JSON: ${(err as Error).message}`], { cause: err });
  }
  try {
    return parseConfig(json);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigFileError(path, err.issues, { cause: err });
    throw err;
  }
}
