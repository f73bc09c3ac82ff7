import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { MINUTE } from '../time.ts';
import type { DayContext, Detector, Signal } from './types.ts';
import { referenceLabel, windowedVolume } from './windowed-volume.ts';

const ID = 'chat.file-download-volume';
export const FILES_M365 = 'files.m365';
export const FILES_SLACK = 'files.slack';
/** Google Drive downloads/prints and Chat attachment downloads, judged with the M365 window and floors. */
export const FILES_GOOGLE = 'files.google';
/** OneDrive/SharePoint sync client full downloads: a new device or virtual desktop re-syncs whole libraries. */
export const FILES_SYNC = 'files.sync';

/**
 * T1213.005: distinct files downloaded per principal — Slack `file_downloaded` in 30 min, M365 `FileDownloaded` and
 * Google Drive/Chat downloads in 15 min (Teams chat files live in SharePoint/OneDrive), and the sync client's `FileSyncDownloadedFull` on its own
 * (a first sync of a library is ordinary; its floors are higher). Judged by `volumeJudge`; large (E4) at
 * max(P99, 100) (sync: 1,000).
 */
export const chatFileDownloadVolume: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if ((e.action !== 'file_download' && e.action !== 'file_sync_download') || e.outcome === 'failure') return;
    const file = e.object?.id ?? e.object?.name;
    if (!file) return;
    const metric = e.source === 'slack' ? FILES_SLACK : e.source === 'google-workspace' ? FILES_GOOGLE : e.action === 'file_sync_download' ? FILES_SYNC : FILES_M365;
    pb.addDistinct(metric, e, file, e.object?.name ?? file);
  },
  evaluateDay(ctx: DayContext): Signal[] {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    return ([
      [FILES_M365, p.m365WindowMinutes, p.m365MinFiles, p.largeFiles, 'SharePoint/OneDrive'],
      [FILES_SYNC, p.m365WindowMinutes, p.syncMinFiles, p.syncLargeFiles, 'OneDrive sync client'],
      [FILES_SLACK, p.slackWindowMinutes, p.slackMinFiles, p.largeFiles, 'Slack'],
      [FILES_GOOGLE, p.m365WindowMinutes, p.m365MinFiles, p.largeFiles, 'Google Drive/Chat'],
    ] as const).flatMap(([metric, minutes, floor, large, label]) =>
      windowedVolume(ctx, {
        detector: ID, technique: 'T1213.005', metric, windowMs: minutes * MINUTE, floor, coldFloor: floor, z: p.z,
        large, kind: 'volume', weight: 70, largeWeight: 90, highConfidence: true,
        title: (w, v) => `${label}: ${w.value} distinct files downloaded in ${minutes} min (${referenceLabel(v, '/h')})`,
      }));
  },
};
