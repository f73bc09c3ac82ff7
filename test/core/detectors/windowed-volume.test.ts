import { describe, expect, it } from 'vitest';
import { OwnHistory } from '../../../lib/core/baseline/volume-reference.ts';
import { parseConfig } from '../../../lib/core/config.ts';
import type { DayContext } from '../../../lib/core/detectors/types.ts';
import { windowedVolume, type WindowedVolumeRule } from '../../../lib/core/detectors/windowed-volume.ts';
import { OrgClock } from '../../../lib/core/local-time.ts';
import { PrincipalBatch } from '../../../lib/core/principal-batch.ts';
import { newProfile } from '../../../lib/core/profile.ts';
import { DAY, MINUTE } from '../../../lib/core/time.ts';
import { ev } from '../../support/event-factory.ts';

const dayStart = Date.parse('2026-11-20T00:00:00Z');
const at = new Date(dayStart + 10 * 60 * MINUTE).toISOString();

/** A principal-day with what `fill` adds in one bucket, no history of its own (a first day) and the org's peak at 100. */
function day(fill: (pb: PrincipalBatch) => void): DayContext {
  const pb = new PrincipalBatch('m365:u1', 'm365', 'u1', 'user', 'u1@example.com');
  fill(pb);
  const own = new OwnHistory(undefined, dayStart / DAY, false, (d) => d);
  return {
    env: { orgClock: new OrgClock(parseConfig({})) }, pb, profile: newProfile('m365:u1', 'm365', 'u1', 'u1@example.com', dayStart),
    day: dayStart / DAY, dayStart, dayEnd: dayStart + DAY, history: () => own, peers: () => ({ kind: 'org', day: 100, peak: 100, members: 20 }),
    serviceAccount: false, serviceLike: false, coldStart: true,
  } as unknown as DayContext;
}

const rule = (over: Partial<WindowedVolumeRule>): WindowedVolumeRule => ({
  detector: 'test', technique: 'T1213.005', metric: 'm', windowMs: 15 * MINUTE, floor: 5, coldFloor: 5, z: 3, kind: 'volume',
  weight: 70, highConfidence: true, title: (w) => `${w.value}`, ...over,
});

describe('windowedVolume', () => {
  it('judges a day whose windows just reach the floor of a fixed rule, and skips one that cannot', () => {
    const files = (n: number) => day((pb) => {
      for (let i = 0; i < n; i++) pb.addDistinct('m', ev(at), `file-${i}`);
    });
    expect(windowedVolume(files(5), rule({ fixed: true }))).toHaveLength(1);
    expect(windowedVolume(files(4), rule({ fixed: true }))).toEqual([]);
  });

  it('judges a day that reaches the smallest of the floors and the large mark', () => {
    const rows = (n: number) => day((pb) => pb.addSum('m', ev(at), n));
    // The large mark under both floors: a window at it is large whatever the history.
    const large = rule({ floor: 1_000, coldFloor: 5_000, large: 800 });
    expect(windowedVolume(rows(800), large)).toMatchObject([{ value: 800, large: true }]);
    expect(windowedVolume(rows(799), large)).toEqual([]);
    // Without history of its own the cold-start floor is the one that counts when it is the smaller (the org's peak
    // is under half of it).
    const cold = rule({ floor: 1_000, coldFloor: 300 });
    expect(windowedVolume(rows(300), cold)).toMatchObject([{ value: 300, baselineKind: 'org', baseline: 100, large: false }]);
    expect(windowedVolume(rows(299), cold)).toEqual([]);
  });
});
