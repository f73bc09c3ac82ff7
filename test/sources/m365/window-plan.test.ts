import { describe, expect, it } from 'vitest';
import { apiTime, firstWindow, HOUR_MS, MAX_WINDOW_MS, nextWindow, RETENTION_MS, type WindowPlanInput } from '../../../lib/sources/m365/window-plan.ts';

const now = new Date('2026-11-22T03:00:00Z');
const base = (over: Partial<WindowPlanInput> = {}): WindowPlanInput => ({
  listedUntil: undefined,
  initialStart: new Date(now.getTime() - 2 * HOUR_MS),
  now,
  overlapMs: HOUR_MS,
  retentionMarginMs: 10 * 60_000,
  ...over,
});

describe('m365 listing windows', () => {
  it('starts a first run at the initial start and ends at now', () => {
    expect(firstWindow(base())).toEqual({ start: new Date('2026-11-22T01:00:00Z'), end: now });
  });

  it('re-lists the overlap before listedUntil', () => {
    const w = firstWindow(base({ listedUntil: new Date('2026-11-22T02:30:00Z') }));
    expect(w?.start.toISOString()).toBe('2026-11-22T01:30:00.000Z');
  });

  it('clamps the start inside the 7-day limit with the margin', () => {
    const w = firstWindow(base({ initialStart: new Date(now.getTime() - 30 * 24 * HOUR_MS) }));
    expect(w?.start.getTime()).toBe(now.getTime() - RETENTION_MS + 10 * 60_000);
    expect(w!.end.getTime() - w!.start.getTime()).toBe(MAX_WINDOW_MS);
  });

  it('walks windows of at most 24 h until now, then stops', () => {
    const p = base({ listedUntil: new Date(now.getTime() - 3 * 24 * HOUR_MS) });
    const windows = [];
    for (let w = firstWindow(p); w; w = nextWindow(w, p)) windows.push(w);
    expect(windows.length).toBe(4);
    for (const w of windows) expect(w.end.getTime() - w.start.getTime()).toBeLessThanOrEqual(MAX_WINDOW_MS);
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.start).toEqual(windows[i - 1]!.end);
    expect(windows.at(-1)!.end).toEqual(now);
  });

  it('returns null when nothing can be listed yet', () => {
    expect(firstWindow(base({ initialStart: now }))).toBeNull();
  });

  it('formats API times without zone or milliseconds', () => {
    expect(apiTime(new Date('2026-11-22T03:04:05.678Z'))).toBe('2026-11-22T03:04:05');
  });
});
