import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addEvidence, mergeSamples, newEvidence, PrincipalBatch } from '../../lib/core/principal-batch.ts';
import { ev } from '../support/event-factory.ts';

const T0 = '2026-11-20T09:00:00Z';

describe('PrincipalBatch', () => {
  it("a bucket's flat samples give the Evidence that adding the same events to one would, for any events", () => {
    const events = fc.array(fc.record({ ip: fc.option(fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7'), { nil: undefined }), object: fc.option(fc.integer({ min: 0, max: 14 }), { nil: undefined }) }), { maxLength: 30 });
    fc.assert(fc.property(events, (xs) => {
      const pb = new PrincipalBatch('salesforce:u1', 'salesforce', 'u1', 'user', 'u1@example.com');
      const want = newEvidence();
      for (const x of xs) {
        const e = ev(T0, x.ip ? { src: { ip: x.ip } } : {});
        const object = x.object === undefined ? undefined : `file-${x.object}`;
        pb.addSum('m', e, 1, object);
        addEvidence(want, e, object);
      }
      const got = newEvidence();
      for (const b of pb.bucketsIn('m', 0, Number.MAX_SAFE_INTEGER)) mergeSamples(got, b);
      expect(got).toEqual(want);
    }), { numRuns: 200 });
  });

  it('keeps a day’s seen values once each in the order seen, past the short list too, and its active hours per local day', () => {
    const pb = new PrincipalBatch('m365:u1', 'm365', 'u1', 'user', 'u1@example.com');
    const day = pb.day(20_412);
    const values = ['a', 'b', 'a', 'c', 'd', 'e', 'f', 'g', 'h', 'b', 'i', 'j', 'a'];
    for (const v of values) pb.see(day, 'ip', v);
    expect([...day.seen.get('ip')!]).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    pb.see(day, 'ua', 'x');
    expect([...day.seen.get('ua')!]).toEqual(['x']);
    pb.activeHour(day, 20_411, 23);
    pb.activeHour(day, 20_412, 1);
    pb.activeHour(day, 20_411, 22);
    pb.activeHour(day, 20_412, 1);
    expect(day.hours).toEqual([20_411, (1 << 23) | (1 << 22), 20_412, 1 << 1]);
    // Another day starts from nothing: the empty list days start with is shared, never written.
    expect(pb.day(20_413).hours).toEqual([]);
  });
});
