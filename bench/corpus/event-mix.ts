import type { Source } from '../../lib/core/event.ts';
import type { Prng } from '../../lib/simulate/prng.ts';
import * as m365 from './m365-records.ts';
import type { BenchPerson } from './population.ts';
import * as sf from './salesforce-records.ts';
import * as slack from './slack-records.ts';

/** Which people a kind of record can be about: Salesforce and Slack records only for people with those accounts. */
export type Audience = 'all' | 'salesforce' | 'slack';

export interface RecordKind {
  source: Source;
  stream: string;
  /** Share of all records, in percent. */
  weight: number;
  audience: Audience;
  build(rng: Prng, person: BenchPerson, time: number): Record<string, unknown>;
}

const asSf = (p: BenchPerson): sf.SfPerson => p as sf.SfPerson;
const asSlack = (p: BenchPerson): slack.SlackPerson => p as slack.SlackPerson;

/**
 * The corpus mix: roughly what a mid-size tenant's audit logs hold, dominated by file and record reads, which are
 * what the detectors count. Weights sum to 100.
 */
export const RECORD_KINDS: readonly RecordKind[] = [
  { source: 'salesforce', stream: 'elf:Login', weight: 2, audience: 'salesforce', build: (r, p, t) => sf.elfLogin(r, asSf(p), t) },
  { source: 'salesforce', stream: 'elf:Report', weight: 6, audience: 'salesforce', build: (r, p, t) => sf.elfReport(r, asSf(p), t) },
  { source: 'salesforce', stream: 'elf:URI', weight: 7, audience: 'salesforce', build: (r, p, t) => sf.elfUri(r, asSf(p), t) },
  { source: 'salesforce', stream: 'elf:API', weight: 4, audience: 'salesforce', build: (r, p, t) => sf.elfSoapApi(r, asSf(p), t) },
  { source: 'salesforce', stream: 'elf:RestApi', weight: 4, audience: 'salesforce', build: (r, p, t) => sf.elfRestApi(r, asSf(p), t) },
  { source: 'salesforce', stream: 'rtem:ApiEvent', weight: 5, audience: 'salesforce', build: (r, p, t) => sf.rtemApiEvent(r, asSf(p), t) },
  { source: 'm365', stream: 'Audit.SharePoint', weight: 10, audience: 'all', build: (r, p, t) => m365.spFile(r, p, t, 'FileDownloaded') },
  { source: 'm365', stream: 'Audit.SharePoint', weight: 14, audience: 'all', build: (r, p, t) => m365.spFile(r, p, t, 'FileAccessed') },
  { source: 'm365', stream: 'Audit.Exchange', weight: 8, audience: 'all', build: (r, p, t) => m365.mailItemsAccessed(r, p, t) },
  { source: 'm365', stream: 'Audit.General', weight: 4, audience: 'all', build: (r, p, t) => m365.crmRetrieveMultiple(r, p, t) },
  { source: 'm365', stream: 'Audit.AzureActiveDirectory', weight: 4, audience: 'all', build: (r, p, t) => m365.entraLogin(r, p, t) },
  { source: 'slack', stream: 'audit', weight: 14, audience: 'slack', build: (r, p, t) => slack.fileAction(r, asSlack(p), t, 'file_downloaded') },
  { source: 'slack', stream: 'audit', weight: 5, audience: 'slack', build: (r, p, t) => slack.userLogin(r, asSlack(p), t) },
  { source: 'slack', stream: 'audit', weight: 5, audience: 'slack', build: (r, p, t) => slack.fileAction(r, asSlack(p), t, 'file_uploaded') },
  { source: 'slack', stream: 'audit', weight: 3, audience: 'slack', build: (r, p, t) => slack.fileAction(r, asSlack(p), t, 'file_shared') },
  { source: 'slack', stream: 'audit', weight: 5, audience: 'slack', build: (r, p, t) => slack.channelJoin(r, asSlack(p), t) },
];
