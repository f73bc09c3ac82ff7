/**
 * Does a name or domain resemble a reference (a partner's or our own) without being it? Checks, per detections.md:
 * edit distance ≤ N on the domain label, homoglyph skeleton (rn/m, l/1/i, 0/o, q/g, vv/w), hyphen or word added,
 * TLD swap. Returns the reason, or undefined when unrelated or identical.
 */
export type LookalikeReason = 'tld-swap' | 'homoglyph' | 'word-added' | 'edit-distance';

const TWO_LEVEL_SUFFIXES = new Set(['co.uk', 'com.au', 'co.jp', 'co.nz', 'com.br', 'co.in', 'co.za', 'com.mx', 'com.cn', 'org.uk']);
/** Labels too short to judge: everything is within 2 edits of a 3-letter name. */
const MIN_LABEL = 5;

export function splitDomain(domain: string): { label: string; suffix: string } {
  const parts = domain.toLowerCase().replace(/^www\./, '').replace(/\.$/, '').split('.');
  if (parts.length < 2) return { label: parts[0] ?? '', suffix: '' };
  const two = parts.slice(-2).join('.');
  const n = TWO_LEVEL_SUFFIXES.has(two) && parts.length >= 3 ? 2 : 1;
  return { label: parts[parts.length - n - 1] ?? '', suffix: parts.slice(-n).join('.') };
}

export function skeleton(s: string): string {
  return s
    .toLowerCase()
    .replace(/[-_.\s]/g, '')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/[1il|!]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/q/g, 'g')
    .replace(/5/g, 's')
    .replace(/3/g, 'e');
}

export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

export function domainLookalike(candidate: string, reference: string, maxEdit: number): LookalikeReason | undefined {
  const c = splitDomain(candidate);
  const r = splitDomain(reference);
  if (!c.label || !r.label || r.label.length < MIN_LABEL) return undefined;
  if (c.label === r.label) return c.suffix !== r.suffix ? 'tld-swap' : undefined;
  return labelLookalike(c.label, r.label, maxEdit);
}

/** Organisation or display names: compared as labels with spaces and punctuation removed. */
export function nameLookalike(candidate: string, reference: string, maxEdit: number): LookalikeReason | undefined {
  const c = candidate.toLowerCase().replace(/[^a-z0-9]/g, '');
  const r = reference.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!c || r.length < MIN_LABEL || c === r) return undefined;
  return labelLookalike(c, r, maxEdit);
}

function labelLookalike(c: string, r: string, maxEdit: number): LookalikeReason | undefined {
  if (skeleton(c) === skeleton(r)) return 'homoglyph';
  const cFlat = c.replace(/-/g, '');
  const rFlat = r.replace(/-/g, '');
  if (cFlat !== rFlat && cFlat.includes(rFlat) && cFlat.length - rFlat.length <= 12) return 'word-added';
  if (editDistance(c, r, maxEdit) <= maxEdit) return 'edit-distance';
  if (editDistance(skeleton(c), skeleton(r), maxEdit) <= maxEdit) return 'homoglyph';
  return undefined;
}
