/** IPv4/IPv6 CIDR matching for trusted networks, and the /24 (IPv4) or /48 (IPv6) a "known network" is judged by. */
export class NetworkList {
  private readonly v4: { base: number; mask: number }[] = [];
  private readonly v6: { prefix: string }[] = [];

  constructor(cidrs: readonly string[]) {
    for (const c of cidrs) {
      const [addr, bitsRaw] = c.split('/');
      if (!addr) continue;
      const v4 = ipv4ToInt(addr);
      if (v4 !== undefined) {
        const bits = bitsRaw === undefined ? 32 : Number(bitsRaw);
        const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
        this.v4.push({ base: (v4 & mask) >>> 0, mask });
      } else {
        // IPv6: compare on whole hextets of the prefix; enough for trusted-range config.
        const bits = bitsRaw === undefined ? 128 : Number(bitsRaw);
        this.v6.push({ prefix: expandV6(addr).slice(0, Math.floor(bits / 16)).join(':') });
      }
    }
  }

  has(ip: string | undefined): boolean {
    if (!ip) return false;
    const v4 = ipv4ToInt(ip);
    if (v4 !== undefined) return this.v4.some((n) => ((v4 & n.mask) >>> 0) === n.base);
    if (!ip.includes(':')) return false;
    const full = expandV6(ip).join(':');
    return this.v6.some((n) => full.startsWith(n.prefix));
  }
}

export function ipv4ToInt(ip: string): number | undefined {
  const p = ip.split('.');
  if (p.length !== 4) return undefined;
  let n = 0;
  for (const o of p) {
    const v = Number(o);
    if (!Number.isInteger(v) || v < 0 || v > 255 || o === '') return undefined;
    n = n * 256 + v;
  }
  return n >>> 0;
}

function expandV6(ip: string): string[] {
  const [head, tail] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const fill = tail !== undefined ? Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0') : [];
  return [...h, ...fill, ...t].map((x) => x.replace(/^0+(?=.)/, ''));
}

/** The network an address belongs to for "seen before" purposes. */
export function networkOf(ip: string): string {
  if (ip.includes(':')) return expandV6(ip).slice(0, 3).join(':') + '::/48';
  const i = ip.lastIndexOf('.');
  return `${ip.slice(0, i)}.0/24`;
}
