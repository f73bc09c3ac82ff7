import type { NormalizedEvent } from '../event.ts';

/** `src` of an event: whichever of ip and user agent are known, or undefined when neither is. */
export function sourceOf(ip: string | undefined, ua: string | undefined): NormalizedEvent['src'] {
  if (!ip && !ua) return undefined;
  const src: NonNullable<NormalizedEvent['src']> = {};
  if (ip !== undefined) src.ip = ip;
  if (ua !== undefined) src.ua = ua;
  return src;
}
