import type { NormalizedEvent, Action } from '../event.ts';
import type { PrincipalBatch } from '../principal-batch.ts';
import { DAY, HOUR } from '../time.ts';
import { EpisodeCollector } from './episode.ts';
import { rollingWindows, type WindowValue } from './rolling-window.ts';
import type { DayContext, Detector, Signal } from './types.ts';
import { volumeBaseline } from './volume-baseline.ts';

export const CRM_ROWS = 'crm.rows';
const ID = 'crm.export-volume';
const READS: ReadonlySet<Action> = new Set<Action>(['report_run', 'export', 'bulk_export', 'record_query', 'list_view', 'bulk_result_download']);

export const isCrmRowRead = (e: NormalizedEvent): boolean =>
  (e.source === 'salesforce' || e.app === 'dynamics365') && READS.has(e.action) && (e.count ?? 0) > 0 && e.outcome !== 'failure';

/**
 * T1213.004: rows read or exported per principal in rolling 1 h and 24 h windows, so a series of sub-threshold
 * exports adds up. z ≥ 3 against the principal's own EWMA with absolute floors; cold start: absolute 24 h floor;
 * "large" (E4) at max(P99 of daily history, 50,000) whatever the history.
 */
export const crmExportVolume: Detector = {
  id: ID,
  technique: 'T1213.004',
  observe(e: NormalizedEvent, pb: PrincipalBatch): void {
    if (isCrmRowRead(e)) pb.addSum(CRM_ROWS, e, e.count!, e.entities?.[0] ?? e.object?.name);
  },
  evaluateDay(ctx: DayContext): Signal[] {
    const p = ctx.env.config.detectors[ID];
    if (!p.enabled || !ctx.pb.hasBuckets(CRM_ROWS, ctx.dayStart, ctx.dayEnd)) return [];
    const base = volumeBaseline(ctx.profile, CRM_ROWS, ctx.dayStart);
    const large = Math.max(base.p99 ?? 0, p.largeRows);
    const episodes = new EpisodeCollector(ctx.profile, ID);
    const day = [...rollingWindows(ctx, CRM_ROWS, DAY)];
    let i = 0;
    for (const h of rollingWindows(ctx, CRM_ROWS, HOUR)) {
      const d = day[i++]!;
      const zH = base.zHour(h.value);
      const zD = base.zDay(d.value);
      let w: WindowValue | undefined;
      let scope: '1 h' | '24 h' = '1 h';
      let z: number | null = zH;
      // Beyond z and the floors, a window must exceed the busiest days on record (P99): a person who has pulled this
      // much in a day before is within habit, whatever the hourly variance says.
      const aboveHistory = (x: number) => x > (base.p99 ?? 0);
      if (h.value >= large || (!ctx.coldStart && zH !== null && zH >= p.z && h.value >= p.minRowsPerHour && aboveHistory(h.value))) w = h;
      else if (d.value >= large || (aboveHistory(d.value) && (ctx.coldStart ? d.value >= p.coldStartRowsPerDay : zD !== null && zD >= p.z && d.value >= p.minRowsPerDay))) {
        w = d;
        scope = '24 h';
        z = zD;
      }
      if (!w) continue;
      const win = w;
      const isLarge = win.value >= large;
      episodes.fire({ start: win.start, end: win.end }, scope === '1 h' ? HOUR : DAY, () => ({
        detector: ID,
        technique: 'T1213.004',
        kind: 'volume',
        principal: ctx.pb,
        window: { start: win.start, end: win.end },
        weight: isLarge ? 90 : 70,
        highConfidence: true,
        title: `${appLabel(ctx.pb)}: ${fmt(win.value)} ${objectsLabel(win)} rows read/exported in ${scope} (baseline ${baselineLabel(base.dayMean)})`,
        value: win.value,
        baseline: base.dayMean === null ? null : Math.round(scope === '1 h' ? base.hourMean ?? 0 : base.dayMean),
        z,
        percentile: base.rank(win.value),
        large: isLarge,
        evidence: win.evidence,
        facts: { scope, largeThreshold: large, coldStart: ctx.coldStart, p95: base.p95 ?? null, p99: base.p99 ?? null },
        hold: { metric: CRM_ROWS, buckets: win.buckets },
        rollup: 0,
      }));
    }
    return episodes.signals;
  },
};

const appLabel = (pb: PrincipalBatch): string => (pb.source === 'salesforce' ? 'Salesforce' : 'Dynamics 365');
const objectsLabel = (w: WindowValue): string => (w.evidence.objects.length ? w.evidence.objects.slice(0, 3).join('/') : 'CRM');
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const baselineLabel = (dayMean: number | null): string => (dayMean === null ? 'none yet' : `${fmt(dayMean)}/day`);
