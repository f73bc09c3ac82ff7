/** A whole input (file or object) could not be read; `reason` becomes the reject reason (e.g. `unreadable-gzip`). */
export class InputReadError extends Error {
  constructor(readonly reason: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputReadError';
  }
}

/** Short description of any thrown value, for a reject's `detail`. */
export const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));
