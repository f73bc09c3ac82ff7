/** A whole input (file or object) could not be read; `reason` becomes the reject reason (e.g. `unreadable-gzip`). */
export class InputReadError extends Error {
  constructor(readonly reason: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputReadError';
  }
}

/** Short description of any thrown value, for a reject's `detail`. */
export const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** `16 MiB`, `4 GiB`, `1,234 bytes`: a size for a reject's detail. */
export function describeBytes(n: number): string {
  const GiB = 1024 ** 3;
  const MiB = 1024 ** 2;
  if (n >= GiB && n % GiB === 0) return `${n / GiB} GiB`;
  if (n >= MiB) return `${Math.round((n / MiB) * 10) / 10} MiB`;
  return `${n.toLocaleString('en-US')} bytes`;
}
