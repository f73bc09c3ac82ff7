import type { Command } from '../command.ts';

/**
 * The subcommands, loaded on use so `replay` does not pay for the AWS SDK or the simulator. Order is the order
 * of `hoardwatch --help`.
 */
export const COMMANDS: ReadonlyArray<{ name: string; load: () => Promise<Command> }> = [
  { name: 'replay', load: async () => (await import('./replay.ts')).replayCommand },
  { name: 'collect', load: async () => (await import('./collect.ts')).collectCommand },
  { name: 'simulate', load: async () => (await import('./simulate.ts')).simulateCommand },
  { name: 'demo', load: async () => (await import('./demo.ts')).demoCommand },
  { name: 'eval', load: async () => (await import('./eval.ts')).evalCommand },
  { name: 'config', load: async () => (await import('./config.ts')).configCommand },
];
