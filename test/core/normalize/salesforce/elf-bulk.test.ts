import { describe, expect, it } from 'vitest';
import { at, elfEvents } from './sf-fixtures.ts';

describe('ELF BulkApi', () => {
  const events = elfEvents('elf-bulkapi.csv');

  it('maps a query batch to bulk_export with rows, entity and job id', () => {
    expect(at(events, 0)).toMatchObject({
      action: 'bulk_export', count: 50000, entities: ['Contact'], object: { type: 'bulk_job', id: '7505e00000JoBqQAAV' },
      outcome: 'success', details: { operation: 'query', batchId: '7515e00000BaTcHAAV' },
    });
  });

  it('maps other operations to other, keeping their rows out of count', () => {
    const e = at(events, 1);
    expect(e).toMatchObject({ action: 'other', outcome: 'failure', details: { rows: 300, failures: 2 } });
    expect(e.count).toBeUndefined();
  });
});

describe('ELF BulkApi2', () => {
  const events = elfEvents('elf-bulkapi2.csv');

  it('counts rows only on the job-complete row so state changes do not multiply the job', () => {
    expect(at(events, 0)).toMatchObject({ action: 'bulk_export', details: { jobStatus: 'InProgress', rows: 40000 } });
    expect(at(events, 0).count).toBeUndefined();
    expect(at(events, 1)).toMatchObject({ action: 'bulk_export', count: 100000, entities: ['Contact'] });
  });

  it('maps a failed ingest job to other with failure', () => {
    expect(at(events, 2)).toMatchObject({ action: 'other', outcome: 'failure', entities: ['Account'] });
  });
});
