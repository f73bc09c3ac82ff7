/**
 * Vendor strings (names, titles, file names, reject details) reach the terminal through the table and summary. An
 * escape sequence in them could rewrite the screen, hide lines or set the window title, and bidi controls can
 * reorder what is shown; so they are taken out, and the other control characters with them.
 */
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** ANSI/VT sequences: CSI (7- and 8-bit), OSC up to BEL or ST, and two-character escapes. */
const ESCAPE_SEQUENCE = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[@-Z\\-_]/g;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` fit to print on one terminal line: escape sequences and control characters removed, tabs and newlines spaced. */
export function terminalSafe(s: string): string {
  // Nearly every string has none of these: one test and no copy.
  if (!SUSPECT.test(s)) return s;
  return s.replace(ESCAPE_SEQUENCE, '').replace(/[\t\n\r]+/g, ' ').replace(CONTROL, '');
}

/**
 * JSON text with the characters JSON.stringify leaves raw but a terminal may act on (C1 controls such as the 8-bit
 * CSI U+009B) or a JavaScript reader splits lines at (U+2028/9) written as `\uXXXX` escapes. Those characters only
 * occur inside JSON strings, so the value read back is the same.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
