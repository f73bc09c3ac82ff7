import type { Action } from '../../event.ts';
import { ElfBaseSchema, elfFamily } from './elf-common.ts';
import { sfCount, sfText } from './field-schemas.ts';
import { sfIdOrRaw } from './sf-id.ts';

/**
 * `TRANSACTION_TYPE`: VersionDownloadAction / VersionDownloadApi = download (UI / API), VersionRenditionDownload
 * = preview, saveVersion = upload.
 */
function transferAction(type: string | undefined): Action {
  if (!type) return 'other';
  if (/rendition/i.test(type)) return 'file_preview';
  if (/download/i.test(type)) return 'file_download';
  if (/^saveVersion$/i.test(type)) return 'file_upload';
  return 'other';
}

/** ELF `ContentTransfer`: the file is the ContentDocument (stable across versions) so distinct-file counts hold. */
export const elfContentTransfer = elfFamily(
  ElfBaseSchema.extend({
    TRANSACTION_TYPE: sfText, DOCUMENT_ID: sfText, DOCUMENT_ID_DERIVED: sfText, VERSION_ID: sfText,
    VERSION_ID_DERIVED: sfText, FILE_TYPE: sfText, SIZE_BYTES: sfCount, FILE_NAME: sfText,
  }),
  (row, eventType) => ({
    action: transferAction(row.TRANSACTION_TYPE),
    vendorAction: eventType,
    object: {
      type: 'file',
      id: sfIdOrRaw(row.DOCUMENT_ID_DERIVED ?? row.DOCUMENT_ID ?? row.VERSION_ID_DERIVED ?? row.VERSION_ID),
      name: row.FILE_NAME,
    },
    details: {
      transactionType: row.TRANSACTION_TYPE, versionId: sfIdOrRaw(row.VERSION_ID_DERIVED ?? row.VERSION_ID),
      fileType: row.FILE_TYPE, sizeBytes: row.SIZE_BYTES,
    },
  }),
);

/** ELF `DocumentAttachmentDownloads`: downloads of Documents/Attachments; `ENTITY_ID` is the file. */
export const elfDocumentAttachmentDownloads = elfFamily(
  ElfBaseSchema.extend({ ENTITY_ID: sfText, FILE_NAME: sfText, FILE_TYPE: sfText }),
  (row, eventType) => ({
    action: 'file_download',
    vendorAction: eventType,
    object: { type: 'file', id: sfIdOrRaw(row.ENTITY_ID), name: row.FILE_NAME },
    details: { fileType: row.FILE_TYPE },
  }),
);

/** ELF `ContentDistribution` (public links): ACTION INSERT/UPDATE creates or edits a link, VIEW is the link used. */
export const elfContentDistribution = elfFamily(
  ElfBaseSchema.extend({ ACTION: sfText, DELIVERY_ID: sfText, VERSION_ID: sfText, RELATED_ENTITY_ID: sfText, DELIVERY_LOCATION: sfText }),
  (row, eventType) => ({
    action: row.ACTION?.toUpperCase() === 'VIEW' ? 'public_link_used' : 'public_link',
    vendorAction: eventType,
    object: { type: 'file', id: sfIdOrRaw(row.VERSION_ID) },
    details: {
      linkAction: row.ACTION, deliveryId: sfIdOrRaw(row.DELIVERY_ID), relatedEntityId: sfIdOrRaw(row.RELATED_ENTITY_ID),
      location: row.DELIVERY_LOCATION,
    },
  }),
);
