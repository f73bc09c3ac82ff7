import { ConfigError } from '../core/config.ts';
import { InputError } from '../replay/discover-inputs.ts';
import { StateFileError } from '../adapters/state/file-state.ts';

/** Wrong arguments or options: exit 2 with the message and a pointer to `--help`. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A config file that cannot be read or fails validation; `issues` lists every problem by path. */
export class ConfigFileError extends Error {
  constructor(readonly path: string, readonly issues: string[], options?: ErrorOptions) {
    super(`invalid config ${path}: ${issues.join('; ')}`, options);
    this.name = 'ConfigFileError';
  }
}

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

/** Exit code and the ONE line to print for an error that ended a command. */
export function describeFailure(err: unknown): { code: number; line: string } {
  if (err instanceof UsageError) {
    const help = err.command ? `hoardwatch ${err.command} --help` : 'hoardwatch --help';
    return { code: EXIT_BAD_INPUT, line: `${err.message} (see ${help})` };
  }
  if (err instanceof ConfigFileError || err instanceof InputError || err instanceof StateFileError) {
    return { code: EXIT_BAD_INPUT, line: oneLine(err.message) };
  }
  if (err instanceof ConfigError) return { code: EXIT_BAD_INPUT, line: `invalid config: ${err.issues.join('; ')}` };
  const msg = err instanceof Error ? err.message : String(err);
  return { code: EXIT_INTERNAL, line: `internal error: ${oneLine(msg)}` };
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, '; ');
