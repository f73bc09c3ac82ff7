import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { DAY, MINUTE } from '../time.ts';
import type { Detector } from './types.ts';
import { referenceLabel, windowedVolume } from './windowed-volume.ts';

const ID = 'chat.channel-discovery';
const METRIC = 'channels.discovered';

/** T1213.005: browsing many channels — Slack previews without joining, join breadth, Teams self-joins. */
export const chatChannelDiscovery: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    const selfJoin = e.action === 'member_added' && e.app === 'teams' && e.details?.member === e.actor.id.toLowerCase();
    if (e.action !== 'channel_preview' && e.action !== 'channel_join' && !selfJoin) return;
    const ch = e.object?.id ?? e.object?.name;
    if (ch) pb.addDistinct(METRIC, e, ch, e.object?.name ?? ch);
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    const burst = windowedVolume(ctx, {
      detector: ID, technique: 'T1213.005', metric: METRIC, windowMs: p.windowMinutes * MINUTE, floor: p.minChannels,
      coldFloor: p.minChannels * 2, z: 0, fixed: true, kind: 'breadth', weight: 35, highConfidence: false,
      title: (w) => `${w.value} channels previewed or joined in ${p.windowMinutes} min`,
    });
    if (burst.length) return burst;
    return windowedVolume(ctx, {
      detector: ID, technique: 'T1213.005', metric: METRIC, windowMs: DAY, daily: true, floor: p.minChannelsPerDay,
      coldFloor: Number.POSITIVE_INFINITY, z: p.z, kind: 'breadth', weight: 35, highConfidence: false,
      title: (w, v) => `${w.value} channels previewed or joined in a day (${referenceLabel(v, '/day')})`,
    });
  },
};
