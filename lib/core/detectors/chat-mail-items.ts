import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { HOUR } from '../time.ts';
import { hourlyPointSignals } from './point-signals.ts';
import type { Detector } from './types.ts';
import { referenceLabel, windowedVolume } from './windowed-volume.ts';

const ID = 'chat.mail-items';
const METRIC = 'mail.items';

/** T1213.005: Exchange `MailItemsAccessed` item counts per hour; throttling (IsThrottled) means "large" on its own. */
export const chatMailItems: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (e.action !== 'mail_access') return;
    pb.addSum(METRIC, e, e.count ?? 1, e.object?.name);
    if (e.details?.throttled === true) pb.addPoint(ID, e, { object: e.object?.name ?? 'mailbox' });
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    const volume = windowedVolume(ctx, {
      detector: ID, technique: 'T1213.005', metric: METRIC, windowMs: HOUR, floor: p.minItemsPerHour,
      coldFloor: p.coldStartItemsPerHour, z: p.z, large: p.largeItems, kind: 'volume', weight: 70, largeWeight: 90, highConfidence: true,
      title: (w, v) => `Exchange: ${w.value.toLocaleString('en-US')} mail items accessed in 1 h (${referenceLabel(v, '/h')})`,
    });
    if (volume.length) return volume;
    return hourlyPointSignals(ctx, ID, 'T1213.005', (points) => ({
      kind: 'volume', weight: 85, highConfidence: true, large: true,
      title: `Exchange: mail access throttled (${points.length} throttled MailItemsAccessed records) — bulk mailbox read`,
      value: points.reduce((n, x) => n + (x.event.count ?? 1), 0), baseline: null, z: null, facts: { throttled: true },
    }));
  },
};
