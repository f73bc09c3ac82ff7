import { describe, expect, it } from 'vitest';
import { loadBlob, onlyEvent, recordById } from './fixture-blobs.ts';

const blob = loadBlob('audit-general-blob');
const rec = (id: string) => recordById(blob, id);

describe('eDiscovery', () => {
  it.each([
    ['5d6e7f80-0001', 'search'],
    ['5d6e7f80-0002', 'search'],
    ['5d6e7f80-0003', 'message_export'],
    ['5d6e7f80-0004', 'message_export'],
  ])('%s → %s in purview', (id, action) => {
    expect(onlyEvent(rec(id))).toMatchObject({ app: 'purview', action, actor: { id: 'admin@contoso.com', type: 'admin' } });
  });

  it('SearchExported names the export and its case', () => {
    expect(onlyEvent(rec('5d6e7f80-0003'))).toMatchObject({
      object: { type: 'search', id: 'all-mail-ceo_Export' },
      details: { caseId: 'c4a5e6f7-0001-4b2c-8d3e-4f5a6b7c8d01', caseName: 'HR-2026-17' },
    });
  });

  it('AeD (RecordType 31) and records without RecordType are routed by operation', () => {
    const r = rec('5d6e7f80-0003');
    r.RecordType = 31;
    expect(onlyEvent(r).app).toBe('purview');
    delete r.RecordType;
    expect(onlyEvent(r)).toMatchObject({ app: 'purview', action: 'message_export' });
  });
});
