import { oneDriveFile, spFileOperation } from '../vendors/m365.ts';
import type { SpFile } from '../catalogue.ts';
import type { Scenario } from './types.ts';
import { span } from './types.ts';
import { fullWeekdays } from './window-days.ts';

const LABELLED_DAYS = 5;

/**
 * Benign T1213.005: an engineer works on a non-persistent virtual desktop; every weekday morning the OneDrive sync
 * client re-downloads her whole OneDrive (55–70 files, `FileSyncDownloadedFull`) within minutes of sign-in.
 */
export const benignOnedriveVdiSync: Scenario = {
  id: 'benign-onedrive-vdi-sync',
  run(ctx) {
    const rng = ctx.rng;
    const person = ctx.person('marie.dubois@example.com');
    const ip = person.officeIp ?? person.ips[0] ?? '198.51.100.1';
    const folder: SpFile[] = Array.from({ length: 70 }, (_, i) => oneDriveFile(rng, person, `${['Design', 'Notes', 'Spec', 'Diagram', 'Review'][i % 5]} ${i + 1}.${['docx', 'xlsx', 'pdf', 'pptx'][i % 4]}`));
    const days = fullWeekdays(ctx);
    const labelled: number[] = [];
    days.forEach((d, i) => {
      let t = ctx.at(d, '08:05:00') + rng.int(0, 30 * 60) * 1000;
      for (const f of folder.slice(0, rng.int(55, 70))) {
        ctx.sink.addM365('Audit.SharePoint', t, spFileOperation(rng, person, t, 'FileSyncDownloadedFull', f, ip, ''));
        if (i >= days.length - LABELLED_DAYS) labelled.push(t);
        t += rng.int(2, 5) * 1000;
      }
    });
    return [{
      id: this.id,
      technique: 'T1213.005',
      detectors: ['chat.file-download-volume'],
      tier: 1,
      principal: { source: 'm365', id: person.email, email: person.email },
      ...span(labelled),
      description: `${person.email} works on a non-persistent virtual desktop: every weekday at ~08:15 Berlin time the OneDrive sync client ` +
        `re-downloads 55–70 files of her OneDrive in ~4 min; the last ${LABELLED_DAYS} weekdays are labelled: no tier-2 alert expected`,
      benign: true,
    }];
  },
};
