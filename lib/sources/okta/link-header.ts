/**
 * The `after` token of the `rel="next"` link of an Okta `Link` header (`<https://…/api/v1/logs?after=…>; rel="next"`),
 * or undefined when there is none. Only the token is kept: the next request is built from our own base URL, so a
 * header can never send the credentials to another host.
 */
export function nextAfter(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (!m || !/rel="?next"?/i.test(m[2]!)) continue;
    try {
      const after = new URL(m[1]!, 'https://okta.invalid').searchParams.get('after');
      return after && after.length > 0 ? after : undefined;
    } catch {
      return undefined; // an unreadable link ends the pass; the watermark then stays where it was
    }
  }
  return undefined;
}
