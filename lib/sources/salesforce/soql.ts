import { soqlTime } from './sf-time.ts';

/** The SOQL the collector sends (api-contracts.md §1.4 and §1.7). Inputs are validated names, never user text. */

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export class SoqlNameError extends Error {
  constructor(name: string) {
    super(`not a valid Salesforce API name: ${JSON.stringify(name)}`);
    this.name = 'SoqlNameError';
  }
}

function checkName(name: string): string {
  if (!NAME.test(name)) throw new SoqlNameError(name);
  return name;
}

export const ELF_FIELDS = ['Id', 'EventType', 'LogDate', 'Interval', 'Sequence', 'CreatedDate', 'LogFileLength', 'LogFile'] as const;

/**
 * EventLogFile rows of one interval created at or after `fromMs`, oldest first with an `Id` tie-break so files sharing
 * a CreatedDate keep a stable order across pages and runs.
 */
export function elfQuery(interval: 'Hourly' | 'Daily', eventTypes: readonly string[], fromMs: number): string {
  const types = eventTypes.map((t) => `'${checkName(t)}'`).join(',');
  return [
    `SELECT ${ELF_FIELDS.join(', ')} FROM EventLogFile`,
    `WHERE Interval = '${interval}' AND EventType IN (${types}) AND CreatedDate >= ${soqlTime(fromMs)}`,
    'ORDER BY CreatedDate ASC NULLS FIRST, Id ASC',
  ].join(' ');
}

/** A bounded `EventDate` window of an RTEM storage object (big objects only sort by EventDate descending). */
export function rtemQuery(object: string, startMs: number, endMs: number): string {
  return [
    `SELECT FIELDS(STANDARD) FROM ${checkName(object)}`,
    `WHERE EventDate > ${soqlTime(startMs)} AND EventDate <= ${soqlTime(endMs)}`,
    'ORDER BY EventDate DESC',
  ].join(' ');
}
