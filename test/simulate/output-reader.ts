import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { OutputFile } from '../../lib/simulate/write/output-file.ts';

/**
 * Test-side reader of the simulator's output: parses every file strictly as its vendor format (independently of
 * the production normalizers) and flattens records to {source, principal, time, record}.
 */

export interface SimRecord {
  source: 'salesforce' | 'm365' | 'slack' | 'google-workspace' | 'okta';
  stream: string;
  file: string;
  /** Salesforce 18-char user id, M365 UserId, Slack actor id. */
  principal: string;
  time: number;
  record: Record<string, unknown>;
}

const QUOTED_LINE = /^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/;

export const ElfRowSchema = z.looseObject({
  EVENT_TYPE: z.enum(['Login', 'Report', 'ReportExport', 'URI']),
  TIMESTAMP: z.string().regex(/^\d{14}\.\d{3}$/),
  TIMESTAMP_DERIVED: z.iso.datetime(),
  USER_ID: z.string().length(15),
  USER_ID_DERIVED: z.string().length(18),
  ORGANIZATION_ID: z.string().length(15),
  CLIENT_IP: z.string(),
});

const RtemCommon = {
  EventDate: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/),
  EventIdentifier: z.uuid(),
  UserId: z.string().length(18),
  Username: z.email(),
  SourceIp: z.string(),
};

/** ApiEvent/ReportEvent rows, or Threat Detection store rows (Score 0–1, Summary, SecurityEventData JSON). */
export const RtemSchema = z.union([
  z.looseObject({
    attributes: z.object({ type: z.enum(['ApiEvent', 'ReportEvent']), url: z.string() }),
    ...RtemCommon,
    RowsProcessed: z.number().int().nonnegative(),
    QueriedEntities: z.string().min(1),
  }),
  z.looseObject({
    attributes: z.object({ type: z.enum(['ReportAnomalyEventStore', 'ApiAnomalyEventStore']), url: z.string() }),
    ...RtemCommon,
    Score: z.number().min(0).max(1),
    Summary: z.string().min(1),
    SecurityEventData: z.string().refine((v) => Array.isArray(JSON.parse(v)), 'a JSON array of features'),
  }),
]);

export const M365Schema = z.looseObject({
  Id: z.uuid(),
  CreationTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
  RecordType: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
  UserType: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
  Operation: z.string().min(1),
  OrganizationId: z.uuid(),
  Workload: z.string().min(1),
  UserId: z.string().min(1),
  UserKey: z.string().min(1),
});

const SlackUser = z.object({ id: z.string(), name: z.string(), email: z.email(), team: z.string() });
export const SlackEntrySchema = z.looseObject({
  id: z.uuid(),
  date_create: z.number().int().positive().lt(1e11),
  action: z.string().min(1),
  actor: z.object({ type: z.literal('user'), user: SlackUser }),
  entity: z.looseObject({ type: z.string() }),
  context: z.object({
    location: z.object({ type: z.string(), id: z.string(), name: z.string(), domain: z.string() }),
    ua: z.string(),
    ip_address: z.string(),
    session_id: z.number().int(),
  }),
});
/** A Reports API `activities.list` page as the simulator writes it. */
export const GwPageSchema = z.strictObject({
  kind: z.literal('admin#reports#activities'),
  etag: z.string(),
  items: z.array(z.looseObject({
    kind: z.literal('admin#reports#activity'),
    id: z.strictObject({ time: z.iso.datetime(), uniqueQualifier: z.string().regex(/^\d+$/), applicationName: z.string(), customerId: z.string() }),
    actor: z.looseObject({ email: z.string().includes('@') }),
    events: z.array(z.looseObject({ name: z.string().min(1) })).length(1),
  })),
  nextPageToken: z.string().optional(),
});

export const SlackPageSchema = z.strictObject({
  entries: z.array(SlackEntrySchema),
  response_metadata: z.strictObject({ next_cursor: z.string() }),
});

export const OktaEventSchema = z.looseObject({
  uuid: z.uuid(),
  published: z.iso.datetime(),
  eventType: z.string().min(1),
  actor: z.looseObject({ id: z.string().regex(/^00u\w{17}$/), alternateId: z.email() }),
});

export interface ParsedOutput {
  records: SimRecord[];
  /** M365 record ids seen more than once, with every copy's JSON text. */
  m365Copies: Map<string, string[]>;
  slackPages: Array<z.infer<typeof SlackPageSchema>>;
}

/** Parse every file; throws (with the file name) at the first record that is not in its vendor format. */
export function parseOutput(files: readonly OutputFile[]): ParsedOutput {
  const records: SimRecord[] = [];
  const copies = new Map<string, string[]>();
  const slackPages: ParsedOutput['slackPages'] = [];
  for (const f of files) {
    try {
      if (f.path.startsWith('salesforce/elf/')) {
        const lines = f.content.trimEnd().split('\n');
        for (const line of lines) if (!QUOTED_LINE.test(line)) throw new Error(`unquoted CSV line: ${line.slice(0, 80)}`);
        const header = parse(lines[0] ?? '') as string[][];
        for (const col of header[0] ?? []) if (!/^[A-Z][A-Z0-9_]*$/.test(col)) throw new Error(`header ${col} is not UPPER_SNAKE`);
        const rows = parse(f.content, { columns: true }) as Array<Record<string, string>>;
        for (const raw of rows) {
          const row = ElfRowSchema.parse(raw);
          records.push({ source: 'salesforce', stream: `elf:${row.EVENT_TYPE}`, file: f.path, principal: row.USER_ID_DERIVED,
            time: Date.parse(row.TIMESTAMP_DERIVED), record: raw });
        }
      } else if (f.path.startsWith('salesforce/rtem/')) {
        for (const line of f.content.trimEnd().split('\n')) {
          const raw = JSON.parse(line) as Record<string, unknown>;
          const r = RtemSchema.parse(raw);
          records.push({ source: 'salesforce', stream: `rtem:${r.attributes.type}`, file: f.path, principal: r.UserId,
            time: Date.parse(r.EventDate.replace('+0000', 'Z')), record: raw });
        }
      } else if (f.path.startsWith('m365/')) {
        const blob = z.array(z.record(z.string(), z.unknown())).parse(JSON.parse(f.content));
        for (const raw of blob) {
          const r = M365Schema.parse(raw);
          const list = copies.get(r.Id) ?? [];
          list.push(JSON.stringify(raw));
          copies.set(r.Id, list);
          if (list.length > 1) continue; // consumers dedupe on Id
          records.push({ source: 'm365', stream: f.path.split('/')[1] ?? '', file: f.path, principal: r.UserId,
            time: Date.parse(`${r.CreationTime}Z`), record: raw });
        }
      } else if (f.path.startsWith('slack/')) {
        const page = SlackPageSchema.parse(JSON.parse(f.content));
        slackPages.push(page);
        for (const e of page.entries) {
          records.push({ source: 'slack', stream: 'audit', file: f.path, principal: e.actor.user.id, time: e.date_create * 1000,
            record: e as Record<string, unknown> });
        }
      } else if (f.path.startsWith('google-workspace/')) {
        const page = GwPageSchema.parse(JSON.parse(f.content));
        for (const a of page.items) {
          records.push({ source: 'google-workspace', stream: a.id.applicationName, file: f.path, principal: a.actor.email, time: Date.parse(a.id.time),
            record: a as Record<string, unknown> });
        }
      } else if (f.path.startsWith('okta/')) {
        // A `GET /api/v1/logs` response body: a bare array of LogEvents, oldest first.
        for (const raw of z.array(OktaEventSchema).parse(JSON.parse(f.content))) {
          records.push({ source: 'okta', stream: 'logs', file: f.path, principal: raw.actor.id, time: Date.parse(raw.published), record: raw as Record<string, unknown> });
        }
      } else {
        throw new Error('unexpected file');
      }
    } catch (err) {
      throw new Error(`${f.path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  const m365Copies = new Map([...copies].filter(([, v]) => v.length > 1));
  return { records, m365Copies, slackPages };
}
