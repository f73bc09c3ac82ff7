import type { Prng } from './prng.ts';
import { ALNUM_UPPER } from './prng.ts';
import { ORG } from './org.ts';
import { sfId15, toId18 } from './salesforce-id.ts';

/** The documents, chat files and reports the org's people work with. Built once per run from the seed. */

export interface SpFile {
  site: string;
  siteId: string;
  webId: string;
  listId: string;
  listItemId: string;
  siteUrl: string;
  relativeUrl: string;
  fileName: string;
  extension: string;
  objectId: string;
}

export interface SlackFile {
  id: string;
  name: string;
  title: string;
  filetype: string;
  /** Set when a partner shared it into a Slack Connect channel. */
  partnerDomain?: string;
}

export interface SfReport {
  id18: string;
  id15: string;
  name: string;
  entity: string;
  columns: string[];
}

export interface Catalogue {
  spFiles: Map<string, SpFile[]>;
  slackFiles: SlackFile[];
  reports: SfReport[];
}

export const SITES = ['Sales', 'Finance', 'Analytics', 'Engineering', 'Marketing', 'Operations', 'Legal'] as const;

const TOPICS: Record<(typeof SITES)[number], string[]> = {
  Sales: ['Pipeline review', 'Pricing sheet', 'Customer list', 'Territory plan', 'Account plan', 'Deal desk', 'Proposal', 'Quote'],
  Finance: ['Budget', 'Forecast', 'Invoice register', 'Payroll summary', 'Cash flow', 'Vendor payments', 'Audit checklist'],
  Analytics: ['Churn model', 'Cohort analysis', 'Revenue dashboard export', 'Usage metrics', 'Survey results', 'Market sizing'],
  Engineering: ['Architecture', 'Runbook', 'Release notes', 'Incident review', 'Roadmap', 'API spec'],
  Marketing: ['Campaign brief', 'Brand guide', 'Event plan', 'Lead scoring', 'Webinar deck', 'Newsletter'],
  Operations: ['Supplier contracts', 'Logistics SLA', 'Warehouse report', 'Shipping rates', 'Partner scorecard'],
  Legal: ['NDA template', 'Master agreement', 'Data processing agreement', 'Contract review', 'Policy'],
};
const EXTENSIONS = ['xlsx', 'docx', 'pdf', 'pptx', 'csv'];
const QUALIFIERS = ['Q1', 'Q2', 'Q3', 'Q4', 'EMEA', 'DACH', 'North', 'South', 'v2', 'final', 'draft', '2025', '2026'];

function spFiles(rng: Prng, site: (typeof SITES)[number], count: number): SpFile[] {
  const siteUrl = `https://${ORG.m365Host}.sharepoint.com/sites/${site}/`;
  const siteId = rng.uuid();
  const webId = rng.uuid();
  const listId = rng.uuid();
  const names = new Set<string>();
  const files: SpFile[] = [];
  while (files.length < count) {
    const extension = rng.pick(EXTENSIONS);
    const fileName = `${rng.pick(TOPICS[site])} ${rng.pick(QUALIFIERS)} ${rng.int(1, 99)}.${extension}`;
    if (names.has(fileName)) continue;
    names.add(fileName);
    const relativeUrl = `Shared Documents/${rng.pick(['General', 'Archive', 'Working', 'Customers', 'Reports'])}`;
    files.push({
      site, siteId, webId, listId, listItemId: rng.uuid(), siteUrl, relativeUrl, fileName, extension,
      objectId: `${siteUrl}${relativeUrl}/${fileName}`,
    });
  }
  return files;
}

const SLACK_TYPES: ReadonlyArray<[string, string]> = [
  ['pdf', 'application/pdf'], ['png', 'image/png'], ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], ['jpg', 'image/jpeg'], ['csv', 'text/csv'],
];

function slackFile(rng: Prng, topic: string, partnerDomain?: string): SlackFile {
  const [ext, mime] = rng.pick(SLACK_TYPES);
  const name = `${topic.toLowerCase().replace(/\s+/g, '-')}-${rng.int(100, 999)}.${ext}`;
  const f: SlackFile = { id: `F0${rng.chars(9, ALNUM_UPPER)}`, name, title: name, filetype: mime };
  if (partnerDomain) f.partnerDomain = partnerDomain;
  return f;
}

const REPORTS: ReadonlyArray<[string, string]> = [
  ['My Open Opportunities', 'Opportunity'], ['Pipeline by Stage', 'Opportunity'], ['Closed Won This Quarter', 'Opportunity'],
  ['My Accounts', 'Account'], ['Accounts by Industry', 'Account'], ['Partner Accounts', 'Account'], ['My Contacts', 'Contact'],
  ['Contacts without Activity', 'Contact'], ['Open Leads', 'Lead'], ['Lead Conversion', 'Lead'], ['Cases by Account', 'Case'],
  ['All Contacts with Email', 'Contact'], ['All Accounts Full', 'Account'], ['Opportunity History Export', 'Opportunity'],
];
const COLUMNS: Record<string, string[]> = {
  Opportunity: ['OPPORTUNITY_NAME', 'ACCOUNT_NAME', 'AMOUNT', 'STAGE_NAME', 'CLOSE_DATE', 'OWNER'],
  Account: ['ACCOUNT_NAME', 'TYPE', 'INDUSTRY', 'BILLING_CITY', 'PHONE', 'OWNER'],
  Contact: ['FIRST_NAME', 'LAST_NAME', 'EMAIL', 'PHONE', 'ACCOUNT_NAME', 'TITLE'],
  Lead: ['FIRST_NAME', 'LAST_NAME', 'COMPANY', 'EMAIL', 'LEAD_STATUS'],
  Case: ['CASE_NUMBER', 'SUBJECT', 'STATUS', 'ACCOUNT_NAME'],
};

export function buildCatalogue(rng: Prng): Catalogue {
  const sp = new Map<string, SpFile[]>();
  for (const site of SITES) sp.set(site, spFiles(rng.fork(`sp:${site}`), site, site === 'Sales' || site === 'Finance' ? 260 : 140));
  const fr = rng.fork('slack-files');
  const slackFiles: SlackFile[] = [];
  const topics = ['standup notes', 'screenshot', 'deal summary', 'roadmap', 'customer feedback', 'invoice', 'mockup', 'meeting notes', 'metrics'];
  for (let i = 0; i < 320; i++) slackFiles.push(slackFile(fr, fr.pick(topics)));
  for (const domain of ['acmelogistics.com', 'globex-supply.com']) {
    for (let i = 0; i < 25; i++) slackFiles.push(slackFile(fr, fr.pick(['shipment schedule', 'rate card', 'delivery report', 'po']), domain));
  }
  const rr = rng.fork('reports');
  const reports = REPORTS.map(([name, entity]) => {
    const id15 = sfId15(rr, '00O');
    return { id15, id18: toId18(id15), name, entity, columns: COLUMNS[entity] ?? [] };
  });
  return { spFiles: sp, slackFiles, reports };
}
