import { describe, expect, it } from 'vitest';
import { loadBlob, onlyEvent, recordById } from './fixture-blobs.ts';

const blob = loadBlob('audit-general-blob');
const rec = (id: string) => recordById(blob, id);

describe('Dynamics 365 (CRM)', () => {
  it('RetrieveMultiple → record_query counting QueryResults ids, entity and org', () => {
    expect(onlyEvent(rec('ef83f463-0001'))).toMatchObject({
      app: 'dynamics365', action: 'record_query', count: 3, entities: ['account'],
      details: { org: 'contosoprod', instanceUrl: 'https://contosoprod.crm.dynamics.com' },
      src: { ip: '203.0.113.24', ua: expect.stringContaining('Chrome') },
    });
  });

  it('ExportToExcel → export; empty ids between commas are not counted', () => {
    expect(onlyEvent(rec('ef83f463-0002'))).toMatchObject({ action: 'export', count: 4, entities: ['contact'] });
  });

  it('Retrieve → record_view of one record; actor from UserUpn when UserId is empty', () => {
    const e = onlyEvent(rec('ef83f463-0003'));
    expect(e).toMatchObject({
      action: 'record_view', actor: { id: 'asmith@contoso.com' },
      object: { type: 'opportunity', id: '33aa00aa-bb11-cc22-dd33-44ee44ee4401', name: 'Fabrikam renewal' },
    });
    expect(e.count).toBeUndefined();
  });

  it('falls back to Message when Operation is not an SDK message, and uses read-family prefixes', () => {
    const r = rec('ef83f463-0001');
    r.Operation = 'Read';
    expect(onlyEvent(r).action).toBe('record_query');
    r.Operation = 'ExportToExcelOnline';
    expect(onlyEvent(r).action).toBe('export');
    r.Operation = 'Update';
    r.Message = 'Update';
    expect(onlyEvent(r).action).toBe('other');
  });
});
