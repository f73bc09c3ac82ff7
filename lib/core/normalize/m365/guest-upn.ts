import type { NormalizedEvent } from '../../event.ts';

type External = NonNullable<NormalizedEvent['external']>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const looksLikeEmail = (s: string): boolean => EMAIL.test(s);

export const isGuestUpn = (upn: string): boolean => /#ext#/i.test(upn);

/**
 * Decodes an Entra B2B guest UPN: `jane_partner.com#EXT#@tenant.onmicrosoft.com` is guest `jane@partner.com`.
 * The home address's `@` became the LAST `_` (domains cannot hold `_`, local parts can). Returns the lower-cased
 * home address, or undefined when the UPN is not a guest UPN or does not decode to an address.
 */
export function decodeGuestUpn(upn: string): string | undefined {
  const m = /^(.+)#ext#@/i.exec(upn.trim());
  if (!m) return undefined;
  const local = m[1]!;
  const cut = local.lastIndexOf('_');
  if (cut <= 0) return undefined;
  const address = `${local.slice(0, cut)}@${local.slice(cut + 1)}`.toLowerCase();
  return looksLikeEmail(address) ? address : undefined;
}

/** Lower-case domain of an e-mail address, undefined when not an address. */
export function emailDomain(address: string): string | undefined {
  const a = address.trim().toLowerCase();
  return looksLikeEmail(a) ? a.slice(a.lastIndexOf('@') + 1) : undefined;
}

/**
 * The external party named by an address or UPN: guest UPNs are decoded to the home address, whose domain is
 * the party's domain. Undefined when the value names no address.
 */
export function externalFromAddress(raw: string, name?: string): External | undefined {
  const trimmed = raw.trim();
  const address = decodeGuestUpn(trimmed) ?? (looksLikeEmail(trimmed) ? trimmed.toLowerCase() : undefined);
  if (!address) return undefined;
  const ext: External = { user: address, domain: emailDomain(address)! };
  if (name?.trim()) ext.name = name.trim();
  return ext;
}
