/** Time arithmetic on epoch ms. Rolling windows are built from fixed 5-minute buckets. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const BUCKET_MS = 5 * MINUTE;

export const bucketOf = (ms: number): number => ms - (((ms % BUCKET_MS) + BUCKET_MS) % BUCKET_MS);
export const hourOf = (ms: number): number => ms - (((ms % HOUR) + HOUR) % HOUR);
export const dayOf = (ms: number): number => Math.floor(ms / DAY);
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
