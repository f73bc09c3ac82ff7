import { addEvidence, newEvidence, type PointEvent } from '../principal-batch.ts';
import { HOUR, hourOf } from '../time.ts';
import type { DayContext, Signal } from './types.ts';

export type SignalDraft = Omit<Signal, 'principal' | 'window' | 'evidence' | 'rollup' | 'detector' | 'technique'>;

/**
 * Point detectors: the day's kept events of `detector`, grouped into one signal per clock hour (one alert per
 * window; more events in it roll up). `draft` sees the hour's points and returns the signal, or undefined for none.
 */
export function hourlyPointSignals(
  ctx: DayContext,
  detector: string,
  technique: Signal['technique'],
  draft: (points: PointEvent[], windowStart: number) => SignalDraft | undefined,
): Signal[] {
  const kept = ctx.pb.points.get(detector);
  // Most principals keep no point of most detectors: nothing to group.
  if (!kept) return [];
  const byHour = new Map<number, PointEvent[]>();
  for (const p of kept) {
    if (p.event.time < ctx.dayStart || p.event.time >= ctx.dayEnd) continue;
    const h = hourOf(p.event.time);
    const list = byHour.get(h) ?? [];
    list.push(p);
    byHour.set(h, list);
  }
  const out: Signal[] = [];
  for (const [start, points] of [...byHour].sort((a, b) => a[0] - b[0])) {
    points.sort((a, b) => a.event.time - b.event.time);
    const d = draft(points, start);
    if (!d) continue;
    const evidence = newEvidence();
    for (const p of points) addEvidence(evidence, p.event, (p.facts.object as string | undefined) ?? p.event.object?.name ?? p.event.entities?.[0]);
    out.push({ ...d, detector, technique, principal: ctx.pb, window: { start, end: start + HOUR }, evidence, rollup: Math.max(0, points.length - 1) });
  }
  return out;
}
