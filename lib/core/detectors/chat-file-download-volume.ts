import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { MINUTE } from '../time.ts';
import type { DayContext, Detector, Signal } from './types.ts';
import { windowedVolume } from './windowed-volume.ts';

const ID = 'chat.file-download-volume';
export const FILES_M365 = 'files.m365';
export const FILES_SLACK = 'files.slack';

/**
 * T1213.005: distinct files downloaded per principal — Slack `file_downloaded` in 30 min, M365 `FileDownloaded` /
 * `FileSyncDownloadedFull` in 15 min (Teams chat files live in SharePoint/OneDrive). z ≥ 3 over the principal's
 * active-hour baseline plus an absolute floor; cold start: the floor alone; large (E4) at max(P99, 100).
 */
export const chatFileDownloadVolume: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if ((e.action !== 'file_download' && e.action !== 'file_sync_download') || e.outcome === 'failure') return;
    const file = e.object?.id ?? e.object?.name;
    if (!file) return;
    pb.addDistinct(e.source === 'slack' ? FILES_SLACK : FILES_M365, e, file, e.object?.name ?? file);
  },
  evaluateDay(ctx: DayContext): Signal[] {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    return ([
      [FILES_M365, p.m365WindowMinutes, p.m365MinFiles, 'SharePoint/OneDrive'],
      [FILES_SLACK, p.slackWindowMinutes, p.slackMinFiles, 'Slack'],
    ] as const).flatMap(([metric, minutes, floor, label]) =>
      windowedVolume(ctx, {
        detector: ID, technique: 'T1213.005', metric, windowMs: minutes * MINUTE, floor, coldFloor: floor, z: p.z,
        large: p.largeFiles, kind: 'volume', weight: 70, largeWeight: 90, highConfidence: true,
        title: (w, b) => `${label}: ${w.value} distinct files downloaded in ${minutes} min (baseline ${b.hourMean === null ? 'none yet' : `${Math.round(b.hourMean)}/active hour`})`,
      }));
  },
};
