/**
 * Salesforce record ids come as 15-char case-sensitive ids (ELF `USER_ID`) or 18-char case-safe ids
 * (`USER_ID_DERIVED`, SOQL `UserId`). The 3-char suffix encodes, per 5-char chunk, which characters are
 * upper-case letters. Normalizing to one 18-char form lets ELF and RTEM rows of one user share an id.
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

function suffixFor(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX_ALPHABET[bits];
  }
  return out;
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** `^[A-Za-z0-9]{15}(?:[A-Za-z0-5]{3})?$`, checked without a regex: this runs for several ids of every row. */
function hasIdShape(s: string): boolean {
  if (s.length !== 15 && s.length !== 18) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // The suffix alphabet is A–Z and 0–5.
    if (!isAlnum(c) || (i >= 15 && c > 53 && c <= 57)) return false;
  }
  return true;
}

/**
 * The canonical 18-char form of a Salesforce id, or undefined when `raw` is not a 15/18-char alphanumeric id.
 * An 18-char id has its first 15 characters' case restored from its suffix (the suffix exists because some
 * tools compare ids case-insensitively), so `sfId18(x15) === sfId18(x18)` for the two forms of one id.
 */
export function sfId18(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  if (!hasIdShape(s)) return undefined;
  if (s.length === 15) return s + suffixFor(s);
  const head15 = s.slice(0, 15);
  const suffix = s.slice(15).toUpperCase();
  // Already canonical (the usual 18-char id): keep the string as given.
  if (suffixFor(head15) === suffix) return s.endsWith(suffix) ? s : head15 + suffix;
  // Restore case from the suffix only when a tool evidently lower- or upper-cased the whole id; an id whose own case
  // disagrees with its suffix is kept as written (its case is the better witness).
  if (head15 !== head15.toLowerCase() && head15 !== head15.toUpperCase()) return head15 + suffixFor(head15);
  let head = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix[chunk]!);
    for (let i = 0; i < 5; i++) {
      const ch = s[chunk * 5 + i]!;
      head += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  // A suffix that marks a digit as upper-case cannot come from a real id: keep the id as given.
  if (suffixFor(head) !== suffix) return s.slice(0, 15) + suffixFor(s.slice(0, 15));
  return head + suffix;
}

/** The 18-char form when `raw` is an id, else the trimmed value itself (ids of other kinds, anonymized samples). */
export function sfIdOrRaw(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  return sfId18(raw) ?? raw;
}
