import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { VendorResponseError } from '../http/errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { parseLimitInfo, type ApiUsage } from './limit-info.ts';
import type { SalesforceTokenProvider } from './token.ts';
import { QueryPageSchema, type QueryPage } from './wire.ts';

/** One CSV row keyed by the header, and why it is off-contract when it is. */
export interface ElfCsvRow {
  record: Record<string, string>;
  offContract?: string;
}

/** The REST calls the collector makes; remembers the org's API usage from every `Sforce-Limit-Info` header. */
export class SalesforceApi {
  usage: ApiUsage | undefined;

  constructor(private readonly http: HttpClient, private readonly tokens: SalesforceTokenProvider, private readonly apiVersion: string) {}

  /** First page of a SOQL query. */
  async query(soql: string): Promise<QueryPage> {
    const base = await this.tokens.instanceUrl();
    return this.#page(`${base}/services/data/v${this.apiVersion}/query?q=${encodeURIComponent(soql)}`);
  }

  /** The page at a `nextRecordsUrl` (relative to the instance). */
  async more(nextRecordsUrl: string): Promise<QueryPage> {
    return this.#page(`${await this.tokens.instanceUrl()}${nextRecordsUrl}`);
  }

  async #page(url: string): Promise<QueryPage> {
    const res = await this.http.send(url, { headers: { accept: 'application/json' } });
    this.#track(res.headers);
    let json: unknown;
    try {
      json = JSON.parse(await res.text());
    } catch (cause) {
      throw new VendorResponseError('salesforce: query result is not JSON', { vendor: 'salesforce', status: res.status }, { cause });
    }
    const r = QueryPageSchema.safeParse(json);
    if (!r.success) {
      const where = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new VendorResponseError(`salesforce: unexpected query result (${where})`, { vendor: 'salesforce', status: res.status });
    }
    return r.data;
  }

  /**
   * Rows of an EventLogFile CSV, streamed (files can be large) and keyed by the header row. gzip is requested;
   * fetch decodes it transparently. A row with another number of fields than the header is kept, flagged.
   */
  async *logFileRows(logFilePath: string): AsyncGenerator<ElfCsvRow> {
    const url = `${await this.tokens.instanceUrl()}${logFilePath}`;
    const { body, headers } = await this.http.stream(url, { headers: { 'accept-encoding': 'gzip', accept: 'text/csv' } });
    this.#track(headers);
    const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true });
    pipeline(body, parser, () => undefined); // errors surface through the parser's iterator below
    let header: string[] | undefined;
    for await (const fields of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = fields;
        continue;
      }
      const record: Record<string, string> = {};
      header.forEach((h, i) => {
        if (i < fields.length) record[h] = fields[i]!;
      });
      yield fields.length === header.length ? { record } : { record, offContract: `ELF CSV row has ${fields.length} fields, the header ${header.length}` };
    }
  }

  #track(headers: Headers): void {
    const usage = parseLimitInfo(headers.get('sforce-limit-info'));
    if (usage) this.usage = usage;
  }
}
