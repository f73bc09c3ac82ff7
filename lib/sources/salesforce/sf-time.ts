/** Salesforce datetimes: results say `2021-06-03T12:19:12.000+0000`; SOQL literals are unquoted `…000Z`. */

export class SalesforceTimeError extends Error {
  constructor(value: string) {
    super(`not a Salesforce datetime: ${JSON.stringify(value.slice(0, 40))}`);
    this.name = 'SalesforceTimeError';
  }
}

/** Epoch ms of a Salesforce datetime (`+0000`, `+00:00` and `Z` forms). */
export function parseSfTime(value: string): number {
  const iso = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) throw new SalesforceTimeError(value);
  return ms;
}

/** A SOQL datetime literal (UTC, milliseconds, unquoted). */
export function soqlTime(ms: number): string {
  return new Date(ms).toISOString();
}
