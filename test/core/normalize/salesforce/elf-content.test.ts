import { describe, expect, it } from 'vitest';
import { at, elfEvents } from './sf-fixtures.ts';

describe('ELF ContentTransfer', () => {
  const events = elfEvents('elf-contenttransfer.csv');

  it('maps UI and API downloads to file_download with the document as file id', () => {
    expect(at(events, 0)).toMatchObject({
      action: 'file_download', object: { type: 'file', id: '0695e00000FiLeAAAV' },
      details: { transactionType: 'VersionDownloadAction', sizeBytes: 183220, versionId: '0685e00000VeRsAAAV' },
    });
    // no DOCUMENT_ID_DERIVED here: the 15-char DOCUMENT_ID gives the 18-char id; a different file stays distinct
    expect(at(events, 1)).toMatchObject({ action: 'file_download', object: { type: 'file', id: '0695e00000DoCuMAAV' } });
    expect(new Set(events.filter((e) => e.action === 'file_download').map((e) => e.object?.id)).size).toBe(2);
  });

  it('maps rendition downloads to file_preview and saveVersion to file_upload', () => {
    expect(at(events, 2).action).toBe('file_preview');
    expect(at(events, 3).action).toBe('file_upload');
  });

  it('has no ip when CLIENT_IP column is absent', () => {
    expect(at(events, 0).src).toBeUndefined();
  });
});

describe('ELF DocumentAttachmentDownloads', () => {
  it('maps to file_download with ENTITY_ID and file name', () => {
    expect(at(elfEvents('elf-documentattachmentdownloads.csv'), 0)).toMatchObject({
      action: 'file_download', object: { type: 'file', id: '0155e00000DoCuMAAV', name: 'pricing-2026.xlsx' },
    });
  });
});

describe('ELF ContentDistribution', () => {
  const events = elfEvents('elf-contentdistribution.csv');
  it('maps link creation to public_link and a view of the link to public_link_used', () => {
    expect(at(events, 0)).toMatchObject({ action: 'public_link', object: { type: 'file', id: '0685e00000VeRsAAAV' }, details: { linkAction: 'INSERT', relatedEntityId: '0015e00000AcMeCAAV' } });
    expect(at(events, 1)).toMatchObject({ action: 'public_link_used', details: { linkAction: 'VIEW' } });
  });
});
