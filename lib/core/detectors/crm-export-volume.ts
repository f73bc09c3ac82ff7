import type { NormalizedEvent, Action } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { listLabel } from '../text.ts';
import { DAY, HOUR } from '../time.ts';
import { feedPart, newRows } from './crm-row-feeds.ts';
import { DailySignal } from './daily-signal.ts';
import { rollingWindows, windowsBound, type WindowValue } from './rolling-window.ts';
import type { DayContext, Detector, Signal } from './types.ts';
import { leastFiring, volumeJudge, type Verdict } from './volume-judge.ts';
import { fmt, referenceLabel, volumeSignal } from './windowed-volume.ts';

export const CRM_ROWS = 'crm.rows';
const ID = 'crm.export-volume';
const READS: ReadonlySet<Action> = new Set<Action>(['report_run', 'export', 'bulk_export', 'record_query', 'list_view', 'bulk_result_download']);

export const isCrmRowRead = (e: NormalizedEvent): boolean =>
  (e.source === 'salesforce' || e.app === 'dynamics365') && READS.has(e.action) && (e.count ?? 0) > 0 && e.outcome !== 'failure';

/**
 * T1213.004: rows read or exported per principal in rolling 1 h and 24 h windows, so a series of sub-threshold
 * exports adds up; each read counted once across Salesforce's two feeds and across a report run and its export.
 * Judged by `volumeJudge` (habit, service envelope, own baseline, peers); "large" (E4) at max(P99 of history, 50,000).
 */
export const crmExportVolume: Detector = {
  id: ID,
  technique: 'T1213.004',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (!isCrmRowRead(e)) return;
    const rows = newRows(e, pb);
    if (rows > 0) pb.addSum(CRM_ROWS, e, rows, e.entities?.[0] ?? e.object?.name, feedPart(e));
  },
  evaluateDay(ctx: DayContext): Signal[] {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled || !ctx.pb.hasBuckets(CRM_ROWS, ctx.dayStart - DAY, ctx.dayEnd)) return [];
    const hourRule = { floor: p.minRowsPerHour, coldFloor: p.coldStartRowsPerDay, z: p.z, large: p.largeRows };
    const dayRule = { floor: p.minRowsPerDay, coldFloor: p.coldStartRowsPerDay, z: p.z, large: p.largeRows, daily: true };
    // The hour windows lie within the day windows' span: one bound serves both.
    if (windowsBound(ctx, CRM_ROWS, DAY) < Math.min(leastFiring(hourRule), leastFiring(dayRule))) return [];
    const hourly = volumeJudge(ctx, CRM_ROWS, hourRule);
    const daily = volumeJudge(ctx, CRM_ROWS, dayRule);
    // The hour's burst is what an analyst acts on: a 24 h window is reported only when no hour fires (or it is large).
    const byHour = new DailySignal();
    const byDay = new DailySignal();
    const offer = (to: DailySignal, win: WindowValue, verdict: Verdict, scope: '1 h' | '24 h'): void =>
      to.offer({ value: win.value, large: verdict.large, end: win.end, ips: () => win.ips }, () => volumeSignal(ctx, {
        detector: ID, technique: 'T1213.004', metric: CRM_ROWS, kind: 'volume', weight: 70, largeWeight: 90, highConfidence: true,
        floor: scope === '1 h' ? p.minRowsPerHour : p.minRowsPerDay, coldFloor: p.coldStartRowsPerDay, z: p.z,
        title: () => `${appLabel(ctx.pb)}: ${fmt(win.value)} ${listLabel(win.evidence.objects, 3, 'CRM')} rows read/exported in ${scope} (${referenceLabel(verdict, scope === '1 h' ? '/h' : '/day')})`,
      }, win, verdict, { scope, largeThreshold: p.largeRows }));
    const hours = new Map<number, WindowValue>();
    for (const h of rollingWindows(ctx, CRM_ROWS, HOUR)) hours.set(h.endBucket, h);
    for (const d of rollingWindows(ctx, CRM_ROWS, DAY)) {
      const h = hours.get(d.endBucket);
      const hour = ctx.env.orgClock.localHour(d.endBucket);
      const vh = h ? hourly(h.value, hour) : null;
      const vd = daily(d.value, hour);
      // Both scopes are offered: the day's signal reports the hour's burst, and triage sees every window that fired.
      if (h && vh) offer(byHour, h, vh, '1 h');
      if (vd) offer(vd.large && !vh?.large ? byHour : byDay, d, vd, '24 h');
    }
    if (!byHour.fired) return byDay.signals;
    byHour.absorb(byDay);
    return byHour.signals;
  },
};

const appLabel = (pb: PrincipalBatch): string => (pb.source === 'salesforce' ? 'Salesforce' : 'Dynamics 365');
