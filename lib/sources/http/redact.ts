/**
 * Scrubs credentials out of text that may end up in an error message or a log line.
 * Known secret values (tokens we hold, client secrets) are replaced verbatim; well-known credential shapes
 * (Bearer headers, Slack tokens, OAuth form/JSON fields, credential query parameters) are replaced by pattern,
 * so a secret we were never told about is still caught when it travels in a recognisable place.
 */
const PATTERNS: readonly [RegExp, string][] = [
  [/(authorization["']?\s*[:=]\s*["']?)(bearer|basic)?\s*[^\s"',;]+/gi, '$1$2 [REDACTED]'],
  [/\bbearer\s+[A-Za-z0-9._~+/=!-]+/gi, 'Bearer [REDACTED]'],
  [/\bxox[abposre]-[A-Za-z0-9-]+/g, 'xox?-[REDACTED]'],
  [/("(?:access_token|refresh_token|id_token|client_secret|assertion|password|token)"\s*:\s*")[^"]*(")/gi, '$1[REDACTED]$2'],
  [/\b((?:access_token|refresh_token|id_token|client_secret|client_assertion|assertion|password|token|code|sig|signature)=)[^&\s"']+/gi, '$1[REDACTED]'],
];

export class Redactor {
  readonly #secrets = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.addSecret(s);
  }

  /** Remembers a value that must never be printed (values shorter than 4 chars would mangle ordinary text). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.#secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is removed whole.
    for (const s of [...this.#secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('[REDACTED]');
    for (const [re, repl] of PATTERNS) out = out.replace(re, repl);
    return out;
  }

  /** A URL fit for messages: credential-looking query values removed. */
  redactUrl(url: string | URL): string {
    return this.redact(String(url));
  }
}
