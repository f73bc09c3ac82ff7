import type { Prng } from '../prng.ts';
import { ALNUM_MIXED } from '../prng.ts';
import type { Person } from '../org.ts';
import { ORG } from '../org.ts';
import type { SfReport } from '../catalogue.ts';
import type { ElfEventType, JsonRecord } from '../sink.ts';

/** Salesforce Event Monitoring records as delivered: ELF CSV rows (api-contracts §1.5–1.6) and RTEM objects (§1.7). */

const COMMON_HEAD = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI',
  'SESSION_KEY', 'LOGIN_KEY', 'REQUEST_STATUS', 'DB_TOTAL_TIME'];
const COMMON_TAIL = ['TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'CLIENT_IP', 'URI_ID_DERIVED'];

/** Column order of each simulated ELF event type (the file header). */
export const ELF_COLUMNS: Record<ElfEventType, readonly string[]> = {
  Login: [...COMMON_HEAD, 'BROWSER_TYPE', 'API_TYPE', 'API_VERSION', 'USER_NAME', 'TLS_PROTOCOL', 'CIPHER_SUITE',
    'AUTHENTICATION_METHOD_REFERENCE', ...COMMON_TAIL, 'LOGIN_STATUS', 'SOURCE_IP'],
  Report: [...COMMON_HEAD, 'ENTITY_NAME', 'DISPLAY_TYPE', 'RENDERING_TYPE', 'REPORT_ID', 'ROW_COUNT', 'NUMBER_EXCEPTION_FILTERS',
    'NUMBER_COLUMNS', 'AVERAGE_ROW_SIZE', 'SORT', 'DB_BLOCKS', 'DB_CPU_TIME', 'NUMBER_BUCKETS', ...COMMON_TAIL, 'REPORT_ID_DERIVED', 'ORIGIN'],
  ReportExport: [...COMMON_HEAD, 'CLIENT_INFO', 'REPORT_DESCRIPTION', ...COMMON_TAIL],
  URI: [...COMMON_HEAD, 'REFERRER_URI', 'DB_BLOCKS', 'DB_CPU_TIME', ...COMMON_TAIL],
};

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ELF `TIMESTAMP`: `yyyyMMddHHmmss.SSS` UTC. */
export function elfTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}` +
    `${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** SOQL datetime as the REST API returns it: `2026-11-12T01:10:11.417+0000`. */
export const soqlDate = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

/** One login session: the keys every ELF row of the session carries. */
export interface SfSession {
  sessionKey: string;
  loginKey: string;
  ip: string;
  ua: string;
}

export function newSession(rng: Prng, ip: string, ua: string): SfSession {
  return { sessionKey: rng.chars(16, ALNUM_MIXED), loginKey: rng.chars(16, ALNUM_MIXED), ip, ua };
}

function elfRow(type: ElfEventType, rng: Prng, person: Person & { sf: NonNullable<Person['sf']> }, t: number,
  session: SfSession, values: Record<string, string>): Record<string, string> {
  const row: Record<string, string> = {};
  for (const col of ELF_COLUMNS[type]) row[col] = '';
  Object.assign(row, {
    EVENT_TYPE: type,
    TIMESTAMP: elfTimestamp(t),
    REQUEST_ID: `TID:${rng.int(10_000_000, 99_999_999)}0000${rng.hex(4)}`,
    ORGANIZATION_ID: ORG.sfOrgId15,
    USER_ID: person.sf.id15,
    RUN_TIME: String(rng.int(20, 900)),
    CPU_TIME: String(rng.int(5, 300)),
    SESSION_KEY: session.sessionKey,
    LOGIN_KEY: session.loginKey,
    REQUEST_STATUS: 'S',
    DB_TOTAL_TIME: String(rng.int(1_000_000, 90_000_000)),
    TIMESTAMP_DERIVED: new Date(t).toISOString(),
    USER_ID_DERIVED: person.sf.id18,
    CLIENT_IP: session.ip,
  }, values);
  for (const key of Object.keys(row)) {
    if (!ELF_COLUMNS[type].includes(key)) throw new RangeError(`column ${key} is not in the simulated ${type} ELF header`);
  }
  return row;
}

export type SfPerson = Person & { sf: NonNullable<Person['sf']> };

export function elfLogin(rng: Prng, person: SfPerson, t: number, session: SfSession): Record<string, string> {
  return elfRow('Login', rng, person, t, session, {
    URI: '/index.jsp',
    REQUEST_STATUS: '',
    BROWSER_TYPE: session.ua,
    API_TYPE: '',
    API_VERSION: '9998.0',
    USER_NAME: person.email,
    TLS_PROTOCOL: 'TLSv1.3',
    CIPHER_SUITE: 'TLS_AES_256_GCM_SHA384',
    AUTHENTICATION_METHOD_REFERENCE: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    LOGIN_STATUS: 'LOGIN_NO_ERROR',
    SOURCE_IP: session.ip,
  });
}

export function elfReport(rng: Prng, person: SfPerson, t: number, session: SfSession, report: SfReport, rows: number,
  origin = 'ReportRunFromLightning'): Record<string, string> {
  return elfRow('Report', rng, person, t, session, {
    URI: '/aura',
    ENTITY_NAME: report.entity,
    DISPLAY_TYPE: rng.pick(['H', 'T', 'S']),
    RENDERING_TYPE: 'W',
    REPORT_ID: report.id15,
    ROW_COUNT: String(rows),
    NUMBER_EXCEPTION_FILTERS: '0',
    NUMBER_COLUMNS: String(report.columns.length),
    AVERAGE_ROW_SIZE: String(rng.int(200, 700)),
    SORT: `${report.columns[0] ?? 'NAME'}.down`,
    DB_BLOCKS: String(rng.int(100, 5000) + rows),
    DB_CPU_TIME: String(rng.int(10, 400)),
    NUMBER_BUCKETS: '0',
    URI_ID_DERIVED: report.id18,
    REPORT_ID_DERIVED: report.id18,
    ORIGIN: origin,
  });
}

export function elfReportExport(rng: Prng, person: SfPerson, t: number, session: SfSession, report: SfReport): Record<string, string> {
  return elfRow('ReportExport', rng, person, t, session, {
    URI: `/${report.id15}`,
    CLIENT_INFO: session.ua,
    REPORT_DESCRIPTION: `${report.name} export=Export&enc=UTF-8&xf=csv`,
    URI_ID_DERIVED: report.id18,
  });
}

export function elfUri(rng: Prng, person: SfPerson, t: number, session: SfSession, recordId18: string): Record<string, string> {
  return elfRow('URI', rng, person, t, session, {
    URI: `/${recordId18.slice(0, 15)}`,
    REFERRER_URI: rng.pick(['/home/home.jsp', '/001/o', '/006/o', '/003/o']),
    DB_BLOCKS: String(rng.int(10, 400)),
    DB_CPU_TIME: String(rng.int(1, 60)),
    URI_ID_DERIVED: recordId18,
  });
}

const rtemBase = (type: string, rng: Prng, person: SfPerson, t: number, session: SfSession): JsonRecord => {
  const eventIdentifier = rng.uuid();
  return {
    attributes: { type, url: `/services/data/v${ORG.sfApiVersion}/sobjects/${type}/${eventIdentifier}` },
    EventDate: soqlDate(t),
    EventIdentifier: eventIdentifier,
    UserId: person.sf.id18,
    Username: person.email,
    SourceIp: session.ip,
    SessionKey: session.sessionKey,
    LoginKey: session.loginKey,
  };
};

export interface ApiQuery {
  entity: string;
  rows: number;
  fields: string[];
  apiType: 'REST' | 'SOAP Partner' | 'SOAP Enterprise' | 'Bulk';
  client: string;
  /** The SOQL as sent, when it is not a plain field list (e.g. `SELECT COUNT() FROM Lead`). */
  query?: string;
}

export function rtemApiEvent(rng: Prng, person: SfPerson, t: number, session: SfSession, q: ApiQuery): JsonRecord {
  return Object.assign(rtemBase('ApiEvent', rng, person, t, session), {
    ApiType: q.apiType,
    ApiVersion: Number(ORG.sfApiVersion),
    Application: q.client,
    Client: q.client,
    ElapsedTime: rng.int(40, 400) + Math.round(q.rows / 20),
    Operation: 'Query',
    Query: q.query ?? `SELECT ${['Id', ...q.fields].join(', ')} FROM ${q.entity}`,
    QueriedEntities: q.entity,
    RowsProcessed: q.rows,
    UserAgent: q.client,
  });
}

export function rtemReportEvent(rng: Prng, person: SfPerson, t: number, session: SfSession, report: SfReport, rows: number,
  source: 'API' | 'Lightning' = 'API'): JsonRecord {
  return Object.assign(rtemBase('ReportEvent', rng, person, t, session), {
    EventSource: source,
    ExecutionIdentifier: rng.uuid(),
    Sequence: 0,
    Operation: source === 'API' ? 'ReportRunFromRestApi' : 'ReportRunFromLightning',
    Name: report.name,
    ReportId: report.id18,
    QueriedEntities: report.entity,
    ColumnHeaders: report.columns.join(','),
    RowsProcessed: rows,
  });
}

export type ThreatObject = 'ReportAnomalyEventStore' | 'ApiAnomalyEventStore';

export interface ThreatFeature {
  featureName: string;
  featureValue: string;
  featureContribution: string;
}

/**
 * A Threat Detection record (api-contracts §1.7): `Score` 0–1, a generated `Summary` and `SecurityEventData` as a
 * JSON string of features.
 */
export function rtemThreatEvent(rng: Prng, person: SfPerson, t: number, session: SfSession, object: ThreatObject, score: number,
  summary: string, features: ThreatFeature[]): JsonRecord {
  return Object.assign(rtemBase(object, rng, person, t, session), {
    Id: `0Z7${rng.chars(15, ALNUM_MIXED)}`,
    Score: score,
    Summary: summary,
    SecurityEventData: JSON.stringify(features),
  });
}
