/** Where a command writes: the real process streams, or capturing ones in tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** One `hoardwatch <name>` subcommand (lib/cli/commands/*). `run` gets the arguments after the name. */
export interface Command {
  name: string;
  /** One line for `hoardwatch --help`. */
  summary: string;
  /** Full `hoardwatch <name> --help` text. */
  help: string;
  /** Resolves to the exit code: 0 success, 2 bad input (see cli-errors.ts), 1 internal error. */
  run(argv: string[], io: CliIo): Promise<number> | number;
}

/** The process's own streams and environment. */
export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });
