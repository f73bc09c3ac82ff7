import { ElfBaseSchema, elfFamily } from './elf-common.ts';
import { sfCount, sfText, splitList } from './field-schemas.ts';

/** ELF `Search`: `NUM_RESULTS` is the count; `PREFIXES_SEARCHED` are object key prefixes (005 = User…). */
export const elfSearch = elfFamily(
  ElfBaseSchema.extend({ QUERY_ID: sfText, NUM_RESULTS: sfCount, PREFIXES_SEARCHED: sfText }),
  (row, eventType) => ({
    action: 'search',
    vendorAction: eventType,
    count: row.NUM_RESULTS,
    object: row.QUERY_ID ? { type: 'search', id: row.QUERY_ID } : undefined,
    details: { prefixes: splitList(row.PREFIXES_SEARCHED) },
  }),
);
