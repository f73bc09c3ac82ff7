import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { MINUTE } from '../time.ts';
import { EpisodeCollector } from './episode.ts';
import { rollingWindows } from './rolling-window.ts';
import type { DayContext, Detector, Signal } from './types.ts';
import { volumeBaseline } from './volume-baseline.ts';

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
    const out: Signal[] = [];
    for (const [metric, minutes, floor, label] of [
      [FILES_M365, p.m365WindowMinutes, p.m365MinFiles, 'SharePoint/OneDrive'],
      [FILES_SLACK, p.slackWindowMinutes, p.slackMinFiles, 'Slack'],
    ] as const) {
      const base = volumeBaseline(ctx.profile, metric, ctx.dayStart);
      const large = Math.max(base.p99 ?? 0, p.largeFiles);
      const windowMs = minutes * MINUTE;
      const episodes = new EpisodeCollector(ctx.profile, `${ID}:${metric}`);
      for (const w of rollingWindows(ctx, metric, windowMs)) {
        const z = base.zHour(w.value);
        const fires = w.value >= large || (w.value >= floor && (ctx.coldStart || z === null || (z >= p.z && w.value > (base.p99 ?? 0))));
        if (!fires) continue;
        const isLarge = w.value >= large;
        episodes.fire({ start: w.start, end: w.end }, windowMs, () => ({
          detector: ID,
          technique: 'T1213.005',
          kind: 'volume',
          principal: ctx.pb,
          window: { start: w.start, end: w.end },
          weight: isLarge ? 90 : 70,
          highConfidence: true,
          title: `${label}: ${w.value} distinct files downloaded in ${minutes} min (baseline ${base.hourMean === null ? 'none yet' : `${Math.round(base.hourMean)}/active hour`})`,
          value: w.value,
          baseline: base.hourMean === null ? null : Math.round(base.hourMean),
          z,
          percentile: base.rank(w.value),
          large: isLarge,
          evidence: w.evidence,
          facts: { windowMinutes: minutes, floor, largeThreshold: large, coldStart: ctx.coldStart, p95: base.p95 ?? null, p99: base.p99 ?? null },
          hold: { metric, buckets: w.buckets },
          rollup: 0,
        }));
      }
      out.push(...episodes.signals);
    }
    return out;
  },
};
