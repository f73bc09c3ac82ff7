import { describe, expect, it } from 'vitest';
import { at, elfEvents } from './sf-fixtures.ts';

describe('ELF URI', () => {
  const events = elfEvents('elf-uri.csv');
  it('maps a record page request to record_view of that record', () => {
    expect(at(events, 0)).toMatchObject({ action: 'record_view', object: { type: 'record', id: '0015e00000AcMeCAAV' } });
  });
  it('keeps requests that name no record (/aura) as other', () => {
    expect(at(events, 1)).toMatchObject({ action: 'other', details: { uri: '/aura' } });
  });
});

describe('ELF LightningPageView', () => {
  const events = elfEvents('elf-lightningpageview.csv');

  it('maps /list?filterName= to list_view with the list id and entity; strips quotes around USER_AGENT', () => {
    const e = at(events, 0);
    expect(e).toMatchObject({ action: 'list_view', object: { type: 'list_view', id: '00B5e00000LsTvWEAV' }, entities: ['Contact'] });
    expect(e.src?.ua).toMatch(/^Mozilla\/5\.0 .*Safari\/605\.1\.15$/);
  });

  it('maps a record page to record_view with PAGE_ENTITY_ID/TYPE', () => {
    expect(at(events, 1)).toMatchObject({ action: 'record_view', object: { type: 'record', id: '0015e00000AcMeCAAV' }, entities: ['Account'] });
  });

  it('keeps pages without record or list as other', () => {
    expect(at(events, 2)).toMatchObject({ action: 'other', details: { page: 'home:landing' } });
  });
});

describe('ELF LightningInteraction', () => {
  it('is other, with the record and entity it happened on', () => {
    expect(at(elfEvents('elf-lightninginteraction.csv'), 0)).toMatchObject({
      action: 'other', object: { type: 'record', id: '0015e00000AcMeCAAV' }, entities: ['Account'], details: { uiEvent: 'ltng:interaction' },
    });
  });
});
