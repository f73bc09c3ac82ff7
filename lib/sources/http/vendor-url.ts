import { z } from 'zod';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https anywhere; plain http only to this machine (a local stand-in), so no credential ever crosses a network in clear. */
export function isSecureVendorUrl(value: string): boolean {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
}

export const SECURE_URL_MESSAGE = 'expected an https:// URL (http:// only for 127.0.0.1, localhost or [::1])';

/** A vendor base URL from settings: secure (see above), trailing slashes dropped. */
export const VendorBaseUrl = z
  .string()
  .refine(isSecureVendorUrl, SECURE_URL_MESSAGE)
  .transform((u) => u.replace(/\/+$/, ''));
