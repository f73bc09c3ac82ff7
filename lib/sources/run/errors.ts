/** Required credentials are absent from the environment (`hoardwatch collect` exits 2). `names` lists the variables. */
export class MissingCredentialsError extends Error {
  override readonly name: string = 'MissingCredentialsError';
  constructor(readonly source: string, readonly names: readonly string[], options?: ErrorOptions) {
    super(`${source}: missing credentials: set ${names.join(', ')}`, options);
  }
}

/** A collector setting from the environment or options is malformed (bad URL, bad number…); exit 2. Never echoes values. */
export class CollectorSetupError extends Error {
  override readonly name: string = 'CollectorSetupError';
  constructor(readonly source: string, message: string, options?: ErrorOptions) {
    super(`${source}: ${message}`, options);
  }
}

/** The stored checkpoint does not match the collector's cursor schema: refuse to guess (restarting could lose or double data). */
export class CheckpointCorruptError extends Error {
  override readonly name: string = 'CheckpointCorruptError';
  constructor(readonly source: string, detail: string, options?: ErrorOptions) {
    super(`${source}: stored checkpoint is unreadable (${detail}); fix or remove it deliberately`, options);
  }
}
