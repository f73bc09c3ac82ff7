import { PassThrough } from 'node:stream';
import type { CliIo } from '../../lib/cli/command.ts';

/** CliIo whose stdout/stderr are collected as text (not a TTY). */
export function captureIo(): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, env: {}, out: () => out, err: () => err };
}
