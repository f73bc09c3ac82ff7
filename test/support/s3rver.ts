import { S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface S3rverHandle {
  endpoint: string;
  /** A client set up as toolchain.md says s3rver needs (path style, checksums only when required). */
  client: S3Client;
  stop(): Promise<void>;
}

/*
 * s3rver runs in a child Node process started with --openssl-legacy-provider: it encrypts ListObjectsV2
 * continuation tokens with DES, which Node 20's OpenSSL 3 refuses otherwise (HTTP 500 on page 2). The child
 * exits when its IPC channel closes, so a crashed test run leaves no server behind.
 */
const CHILD = `
const S3rver = require(process.argv[1]);
const [dir, buckets] = [process.argv[2], JSON.parse(process.argv[3])];
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir,
  configureBuckets: buckets.map((name) => ({ name, configs: [] })) });
server.run().then((a) => process.send({ port: (typeof a.address === 'function' ? a.address() : a).port }), (err) => { console.error(err); process.exit(1); });
process.on('disconnect', () => server.close().finally(() => process.exit(0)));
`;

export async function startS3rver(buckets: string[]): Promise<S3rverHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'hoardwatch-s3rver-'));
  const s3rverMain = createRequire(import.meta.url).resolve('s3rver');
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD, s3rverMain, dir, JSON.stringify(buckets)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before it was ready:\n${stderr}`)));
      child.once('error', reject);
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const client = s3rverClient(endpoint);
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function s3rverClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.disconnect();
  });
}
