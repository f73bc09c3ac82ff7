import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BatchSource } from '../adapters/ports.ts';
import { FsBatchSource } from '../adapters/batches/fs-batch-source.ts';
import type { ReplayInput } from './replay-input.ts';

/** Bad input named by the user (missing path, unsupported URI, nothing to read): the CLI exits 2 on it. */
export class InputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
  }
}

/** Opens a remote prefix (e.g. `s3://bucket/prefix`) as a BatchSource plus the prefix to list in it. */
export type RemoteSourceResolver = (uri: string) => Promise<{ source: BatchSource; prefix: string }>;

/**
 * Files to replay from paths (files or directories, read recursively) and remote URIs, in path/key order with
 * duplicates removed. Throws InputError for a missing path or a URI no resolver handles.
 */
export async function discoverInputs(paths: string[], remote?: RemoteSourceResolver): Promise<ReplayInput[]> {
  const found = new Map<string, ReplayInput>();
  for (const p of paths) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) {
      if (!remote) throw new InputError(`${p}: remote inputs are not supported in this build`);
      const { source, prefix } = await remote(p);
      const base = p.slice(0, p.length - prefix.length);
      for await (const key of source.list(prefix)) found.set(base + key, { source, key, name: base + key });
      continue;
    }
    const st = await stat(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') throw new InputError(`${p}: no such file or directory`, { cause: err });
      throw new InputError(`${p}: ${err.message}`, { cause: err });
    });
    if (st.isDirectory()) {
      const source = new FsBatchSource(p);
      for await (const key of source.list('')) {
        const name = join(p, ...key.split('/'));
        found.set(name, { source, key, name });
      }
    } else {
      const source = new FsBatchSource(dirname(p));
      found.set(p, { source, key: basename(p), name: p });
    }
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
