import { describe, expect, it } from 'vitest';
import { at, elfEvents, elfRows, one } from './sf-fixtures.ts';

describe('ELF API (SOAP)', () => {
  const events = elfEvents('elf-api.csv');

  it('maps query to record_query with ROWS_PROCESSED ("2000.0") and the client name', () => {
    expect(at(events, 0)).toMatchObject({
      action: 'record_query', count: 2000, entities: ['Contact'], details: { method: 'query', client: 'DataLoaderPartnerUI/' },
    });
  });

  it('maps writes to other without a read count', () => {
    const e = at(events, 1);
    expect(e.action).toBe('other');
    expect(e.count).toBeUndefined();
    expect(e.details?.rows).toBe(5);
  });
});

describe('ELF RestApi', () => {
  const events = elfEvents('elf-restapi.csv');

  it('maps GET /query to record_query with rows and entity; the numeric USER_AGENT code is not a UA', () => {
    const e = at(events, 0);
    expect(e).toMatchObject({ action: 'record_query', count: 48213, entities: ['Contact'], outcome: 'success' });
    expect(e.src?.ua).toBeUndefined();
  });

  it('maps GET /sobjects/<Entity>/<id> to record_view of that record', () => {
    expect(at(events, 1)).toMatchObject({ action: 'record_view', entities: ['Account'], object: { type: 'record', id: '0015e00000AcMeCAAV' }, count: 1 });
  });

  it('maps a POST to other', () => {
    expect(at(events, 2)).toMatchObject({ action: 'other', entities: ['Lead'] });
    expect(at(events, 2).count).toBeUndefined();
  });

  it('marks HTTP 4xx as failure', () => {
    expect(at(events, 3)).toMatchObject({ action: 'record_query', outcome: 'failure', count: 0 });
  });
});

describe('ELF MetadataApiOperation', () => {
  const events = elfEvents('elf-metadataapioperation.csv');
  it('keeps the tool name as client; a deploy is a config change, a retrieve is other', () => {
    expect(at(events, 0)).toMatchObject({ action: 'other', details: { operation: 'meta_retrieve', client: 'sfdx toolbelt:' } });
    expect(at(events, 1).action).toBe('config_change');
  });
});

describe('ELF Search', () => {
  it('maps to search with NUM_RESULTS and prefixes; a 15-char USER_ID alone gives the 18-char actor id', () => {
    const e = at(elfEvents('elf-search.csv'), 0);
    expect(e).toMatchObject({ action: 'search', count: 42, actor: { id: '0055e00000AbCdEAAV' }, details: { prefixes: ['001', '003'] } });
    expect(e.src).toBeUndefined();
  });

  it('drops a non-numeric NUM_RESULTS instead of producing NaN', () => {
    const row = { ...at(elfRows('elf-search.csv'), 0), NUM_RESULTS: 'n/a' };
    expect(one(row, 'elf:Search').count).toBeUndefined();
  });
});
