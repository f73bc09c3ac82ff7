import type { NormalizedEvent } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { DAY } from '../time.ts';
import { sensitivePattern } from './chat-sensitive-files.ts';
import type { Detector, Signal } from './types.ts';
import { referenceLabel, windowedVolume } from './windowed-volume.ts';

const ID = 'chat.public-link';
const METRIC = 'links.public';

/** T1213.005: public/anonymous links — volume against the principal's habit, and any link to a sensitive-looking file. */
export const chatPublicLink: Detector = {
  id: ID,
  technique: 'T1213.005',
  observe(e: NormalizedEvent, pb: PrincipalBatch, env): void {
    if (e.action !== 'public_link') return;
    const name = e.object?.name ?? e.object?.id ?? 'link';
    pb.addSum(METRIC, e, 1, name);
    if (sensitivePattern(env).test(name)) pb.addPoint(ID, e, { object: name });
  },
  evaluateDay(ctx) {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled) return [];
    const out: Signal[] = windowedVolume(ctx, {
      detector: ID, technique: 'T1213.005', metric: METRIC, windowMs: DAY, daily: true, floor: p.minLinksPerDay,
      coldFloor: p.minLinksPerDay * 2, z: p.z, kind: 'volume', weight: 40, highConfidence: false,
      title: (w, v) => `${w.value} public links created in 24 h (${referenceLabel(v, '/day')})`,
    });
    const sensitive = (ctx.pb.points.get(ID) ?? []).filter((x) => x.event.time >= ctx.dayStart && x.event.time < ctx.dayEnd);
    if (sensitive.length && out[0]) {
      out[0].weight = 70;
      out[0].facts = { ...out[0].facts, sensitive: sensitive.map((x) => x.facts.object) };
    } else if (sensitive.length) {
      const first = sensitive[0]!.event;
      out.push({
        detector: ID, technique: 'T1213.005', kind: 'volume', principal: ctx.pb, weight: 60, highConfidence: false,
        window: { start: first.time, end: first.time + 1 }, rollup: sensitive.length - 1,
        title: `Public link to sensitive-looking file ${String(sensitive[0]!.facts.object)}`,
        value: sensitive.length, baseline: null, z: null,
        evidence: { events: sensitive.length, ids: sensitive.slice(0, 5).map((x) => x.event.id), refs: sensitive.slice(0, 5).map((x) => x.event.ref), ips: [...new Set(sensitive.map((x) => x.event.src?.ip).filter((x): x is string => !!x))].slice(0, 5), objects: sensitive.slice(0, 10).map((x) => String(x.facts.object)) },
      });
    }
    return out;
  },
};
