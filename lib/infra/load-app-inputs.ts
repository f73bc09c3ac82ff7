import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig, type Config } from '../core/config.ts';
import { DeploySettingsError, parseDeploySettings, type DeploySettings } from './deploy-settings.ts';

/** Read a JSON file, failing with the path and the parser's reason. */
function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (err) {
    throw new DeploySettingsError([`${what} ${path}: ${err instanceof Error ? err.message : String(err)}`], { cause: err });
  }
}

/**
 * Deployment settings from `-c settingsFile=<path>` or the `hoardwatch` context object (cdk.json), and the Hoardwatch
 * config file they name. Any bad setting fails synth with its path.
 */
export function loadAppInputs(context: { settingsFile?: unknown; hoardwatch?: unknown }): { settings: DeploySettings; config: Config } {
  const raw = typeof context.settingsFile === 'string' ? readJson(context.settingsFile, 'settings file') : context.hoardwatch ?? {};
  const settings = parseDeploySettings(raw);
  const config = parseConfig(settings.configFile ? readJson(settings.configFile, 'config file') : {});
  return { settings, config };
}
