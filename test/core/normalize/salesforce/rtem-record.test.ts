import { describe, expect, it } from 'vitest';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';
import { at, elfEvents, one, rtemEvents, run, soqlRecords } from './sf-fixtures.ts';

const ANALYST = '0055e00000AbCdEAAV';
const INTEGRATION = '0055e00000IntGrAAJ';

describe('RTEM LoginEvent', () => {
  const events = rtemEvents('rtem-LoginEvent.json');
  it('maps Status Success to login with country, client and the +0000 EventDate', () => {
    expect(at(events, 0)).toMatchObject({
      id: '3f0c2a51-9d7e-4b8a-a2c4-6e1f0b9d7a11', action: 'login', outcome: 'success', vendorAction: 'LoginEvent',
      time: Date.UTC(2026, 5, 30, 7, 59, 58, 120), actor: { id: ANALYST, email: 'analyst@acme.example' },
      src: { ip: '203.0.113.24' }, session: 'lKan1111aaaa2222', details: { country: 'NL', client: 'Browser', loginType: 'Application' },
    });
  });
  it('maps Status "Failed: …" to login_failed; null fields are absent', () => {
    const e = at(events, 1);
    expect(e).toMatchObject({ action: 'login_failed', outcome: 'failure', details: { loginStatus: 'Failed: Invalid Password' } });
    expect(e.session).toBeUndefined();
  });
});

describe('RTEM ApiEvent', () => {
  const events = rtemEvents('rtem-ApiEvent.json');
  it('maps to record_query with RowsProcessed, QueriedEntities split on commas, client and connected app', () => {
    expect(at(events, 0)).toMatchObject({
      action: 'record_query', count: 48213, entities: ['Contact', 'Account'], actor: { id: INTEGRATION },
      src: { ip: '192.0.2.50', ua: 'python-requests/2.32.4' },
      details: { client: 'python-requests/2.32.4', apiType: 'REST', operation: 'Query', connectedAppId: '0H45e00000CoNaPCAV' },
    });
  });
  it('reads RowsProcessed given as a string', () => {
    expect(at(events, 1).count).toBe(2000);
  });
  it('shares actor.id and username with the ELF rows of the same user', () => {
    const ctx = newNormalizeContext();
    const elf = elfEvents('elf-api.csv', ctx);
    const [first] = rtemEvents('rtem-ApiEvent.json', ctx);
    expect(first!.actor.id).toBe(at(elf, 0).actor.id);
    // the ApiEvent row taught the username: the ELF row normalized after it gets the e-mail
    expect(at(elfEvents('elf-api.csv', ctx), 0).actor.email).toBe('integration@acme.example');
  });
});

describe('RTEM ReportEvent', () => {
  const events = rtemEvents('rtem-ReportEvent.json');
  it('maps a run to report_run with rows, entities and report name', () => {
    expect(at(events, 0)).toMatchObject({
      action: 'report_run', count: 30000, entities: ['Contact'],
      object: { type: 'report', id: '00O5e000001RpTqEAK', name: 'All Contacts with Email' }, details: { chunk: 1 },
    });
  });
  it('counts a chunked run once: later chunks (Sequence > 1) carry no count', () => {
    expect(at(events, 1).action).toBe('report_run');
    expect(at(events, 1).count).toBeUndefined();
    const total = events.filter((e) => e.details?.executionId === 'e0e0e0e0-1111-4222-8333-444455556666').reduce((s, e) => s + (e.count ?? 0), 0);
    expect(total).toBe(30000);
  });
  it('maps ExportFileFormat to export, keeping the row count', () => {
    expect(at(events, 2)).toMatchObject({ action: 'export', count: 30000, details: { format: 'CSV' }, object: { id: '00O5e000001RpTqEAK' } });
  });
});

describe('RTEM ListViewEvent and BulkApiResultEventStore', () => {
  it('maps ListViewEvent to list_view with the 18-char list id, name and rows', () => {
    expect(at(rtemEvents('rtem-ListViewEvent.json'), 0)).toMatchObject({
      action: 'list_view', count: 2000, entities: ['Contact'], object: { type: 'list_view', id: '00B5e00000LsTvWEAV', name: 'All Contacts' },
    });
  });
  it('maps BulkApiResultEventStore to bulk_result_download with the job and the queried entity', () => {
    expect(at(rtemEvents('rtem-BulkApiResultEventStore.json'), 0)).toMatchObject({
      action: 'bulk_result_download', object: { type: 'bulk_job', id: '7505e00000JoBqQAAV' }, entities: ['Contact'],
      details: { batchId: '7515e00000BaTcHAAV' },
    });
  });
});

describe('RTEM object resolution', () => {
  it('reads the object from attributes.type when the stream has no prefix', () => {
    const e = one(at(soqlRecords('rtem-ApiEvent.json'), 0), '');
    expect(e.vendorAction).toBe('ApiEvent');
  });

  it('infers the object from the field set of a bare SOQL row', () => {
    const bare = (file: string) => {
      const { attributes: _drop, ...rest } = at(soqlRecords(file), 0);
      return rest;
    };
    expect(one(bare('rtem-ApiEvent.json'), '').action).toBe('record_query');
    expect(one(bare('rtem-ReportEvent.json'), '').action).toBe('report_run');
    expect(one(bare('rtem-ListViewEvent.json'), '').action).toBe('list_view');
    expect(one(bare('rtem-BulkApiResultEventStore.json'), '').action).toBe('bulk_result_download');
    expect(one(bare('rtem-LoginEvent.json'), '').action).toBe('login');
    expect(one(bare('rtem-ReportAnomalyEventStore.json'), '').action).toBe('vendor_anomaly');
  });

  it('maps the streaming channel name to its storage object (ApiEventStream → ApiEvent)', () => {
    expect(one(at(soqlRecords('rtem-ApiEvent.json'), 0), 'rtem:ApiEventStream').vendorAction).toBe('ApiEvent');
  });

  it('maps an unknown RTEM object to other', () => {
    const e = one({ EventDate: '2026-06-30T10:00:00Z', EventIdentifier: 'x-1', UserId: '0055e00000AbCdE' }, 'rtem:UriEvent');
    expect(e).toMatchObject({ action: 'other', vendorAction: 'UriEvent', actor: { id: ANALYST } });
  });

  it('rejects rows without EventDate, with a bad EventDate, or without a user', () => {
    const rec = at(soqlRecords('rtem-ApiEvent.json'), 0);
    expect(run({ ...rec, EventDate: null }, 'rtem:ApiEvent')).toMatchObject({ ok: false, reason: 'missing-time' });
    expect(run({ ...rec, EventDate: '30/06/2026' }, 'rtem:ApiEvent')).toMatchObject({ ok: false, reason: 'bad-timestamp' });
    expect(run({ ...rec, UserId: null, Username: null }, 'rtem:ApiEvent')).toMatchObject({ ok: false, reason: 'missing-actor' });
    expect(run({ ...rec, QueriedEntities: ['Contact'] }, 'rtem:ApiEvent')).toMatchObject({ ok: false, reason: 'bad-shape' });
  });
});
