import type { Prng } from '../../lib/simulate/prng.ts';
import type { BenchPerson } from './population.ts';
import { alnum, fastUuid } from './random-ids.ts';

/** Salesforce Event Monitoring records as the collector stores them (api-contracts.md §1.5–1.7, DESIGN.md §3). */

export type SfPerson = BenchPerson & { sf: NonNullable<BenchPerson['sf']> };
type Row = Record<string, string>;

const ORG_ID = '00D5e0000001BnC';
const ENTITIES = ['Contact', 'Account', 'Opportunity', 'Lead', 'Case'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ELF `TIMESTAMP`: `yyyyMMddHHmmss.SSS` UTC. */
function elfTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}` +
    `${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** The columns every ELF type carries (§1.5), in header order; ELF rows are strings, empty when not set. */
function common(rng: Prng, type: string, p: SfPerson, t: number, uri: string): Row {
  return {
    EVENT_TYPE: type,
    TIMESTAMP: elfTimestamp(t),
    REQUEST_ID: `TID:${rng.int(10_000_000, 99_999_999)}0000${alnum(rng, 4).toLowerCase()}`,
    ORGANIZATION_ID: ORG_ID,
    USER_ID: p.sf.id15,
    RUN_TIME: String(rng.int(20, 900)),
    CPU_TIME: String(rng.int(5, 300)),
    URI: uri,
    SESSION_KEY: p.sf.sessionKey,
    LOGIN_KEY: p.sf.loginKey,
    REQUEST_STATUS: 'S',
    DB_TOTAL_TIME: String(rng.int(1_000_000, 90_000_000)),
    TIMESTAMP_DERIVED: new Date(t).toISOString(),
    USER_ID_DERIVED: p.sf.id18,
    CLIENT_IP: p.ip,
    URI_ID_DERIVED: '',
  };
}

export function elfLogin(rng: Prng, p: SfPerson, t: number): Row {
  return {
    ...common(rng, 'Login', p, t, '/index.jsp'),
    REQUEST_STATUS: '',
    BROWSER_TYPE: p.ua,
    API_TYPE: '',
    API_VERSION: '9998.0',
    USER_NAME: p.email,
    TLS_PROTOCOL: 'TLSv1.3',
    CIPHER_SUITE: 'TLS_AES_256_GCM_SHA384',
    AUTHENTICATION_METHOD_REFERENCE: '',
    LOGIN_STATUS: 'LOGIN_NO_ERROR',
    SOURCE_IP: p.ip,
  };
}

export function elfReport(rng: Prng, p: SfPerson, t: number): Row {
  const reportId = `00O5e0000${alnum(rng, 6)}`;
  return {
    ...common(rng, 'Report', p, t, '/aura'),
    ENTITY_NAME: rng.pick(ENTITIES),
    DISPLAY_TYPE: rng.pick(['H', 'T', 'S']),
    RENDERING_TYPE: 'W',
    REPORT_ID: reportId,
    ROW_COUNT: String(rng.int(1, 800)),
    NUMBER_EXCEPTION_FILTERS: '0',
    NUMBER_COLUMNS: String(rng.int(4, 20)),
    AVERAGE_ROW_SIZE: String(rng.int(200, 700)),
    SORT: 'CUST_CREATED_DATE.down',
    DB_BLOCKS: String(rng.int(100, 5000)),
    DB_CPU_TIME: String(rng.int(10, 400)),
    NUMBER_BUCKETS: '0',
    REPORT_ID_DERIVED: `${reportId}AAA`,
    ORIGIN: 'ReportRunFromLightning',
  };
}

export function elfUri(rng: Prng, p: SfPerson, t: number): Row {
  const recordId = `0035e0000${alnum(rng, 6)}`;
  return {
    ...common(rng, 'URI', p, t, `/${recordId}`),
    REFERRER_URI: rng.pick(['/home/home.jsp', '/001/o', '/006/o', '/003/o']),
    DB_BLOCKS: String(rng.int(10, 400)),
    DB_CPU_TIME: String(rng.int(1, 60)),
  };
}

export function elfSoapApi(rng: Prng, p: SfPerson, t: number): Row {
  return {
    ...common(rng, 'API', p, t, 'Api'),
    API_TYPE: 'P',
    API_VERSION: '62.0',
    CLIENT_NAME: rng.pick(['DataLoaderPartnerUI/', 'Workbench/', 'SalesforceConnector/']),
    METHOD_NAME: rng.pick(['query', 'queryMore', 'describeSObjects']),
    ENTITY_NAME: rng.pick(ENTITIES),
    ROWS_PROCESSED: String(rng.int(0, 2000)),
    REQUEST_SIZE: String(rng.int(300, 2000)),
    RESPONSE_SIZE: String(rng.int(1000, 900_000)),
    DB_BLOCKS: String(rng.int(10, 4000)),
    DB_CPU_TIME: String(rng.int(1, 300)),
  };
}

export function elfRestApi(rng: Prng, p: SfPerson, t: number): Row {
  const entity = rng.pick(ENTITIES);
  return {
    ...common(rng, 'RestApi', p, t, `/services/data/v62.0/query`),
    METHOD: 'GET',
    MEDIA_TYPE: 'application/json',
    STATUS_CODE: '200',
    USER_AGENT: '5015',
    ROWS_PROCESSED: String(rng.int(0, 2000)),
    NUMBER_FIELDS: String(rng.int(2, 30)),
    DB_BLOCKS: String(rng.int(10, 4000)),
    DB_CPU_TIME: String(rng.int(1, 300)),
    REQUEST_SIZE: String(rng.int(300, 2000)),
    RESPONSE_SIZE: String(rng.int(1000, 900_000)),
    ENTITY_NAME: entity,
  };
}

/** RTEM ApiEvent as the SOQL query returns it (§1.7); `EventIdentifier` is the envelope id. */
export function rtemApiEvent(rng: Prng, p: SfPerson, t: number): Record<string, unknown> {
  const id = fastUuid(rng);
  const entity = rng.pick(ENTITIES);
  const rows = rng.int(1, 2000);
  return {
    attributes: { type: 'ApiEvent', url: `/services/data/v62.0/sobjects/ApiEvent/${id}` },
    EventDate: new Date(t).toISOString().replace('Z', '+0000'),
    EventIdentifier: id,
    UserId: p.sf.id18,
    Username: p.email,
    SourceIp: p.ip,
    SessionKey: p.sf.sessionKey,
    LoginKey: p.sf.loginKey,
    ApiType: rng.pick(['REST', 'SOAP Partner', 'Bulk']),
    ApiVersion: 62,
    Application: 'Data Loader',
    Client: 'DataLoaderBulkUI/62.0',
    ElapsedTime: rng.int(40, 900),
    Operation: 'Query',
    Query: `SELECT Id, Name, OwnerId, CreatedDate FROM ${entity}`,
    QueriedEntities: entity,
    RowsProcessed: rows,
    UserAgent: 'DataLoaderBulkUI/62.0',
  };
}
