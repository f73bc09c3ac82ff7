import { beforeAll, describe, expect, it } from 'vitest';
import { NormalizedEventSchema } from '../../lib/core/event.ts';
import { normalizeOkta } from '../../lib/core/normalize/okta/index.ts';
import { newNormalizeContext } from '../../lib/core/normalize/types.ts';
import { generate, type Generated } from '../../lib/simulate/generate.ts';
import { DEFAULT_END } from '../../lib/simulate/index.ts';
import { parseOutput, type ParsedOutput, type SimRecord } from './output-reader.ts';

let out: Generated;
let parsed: ParsedOutput;
beforeAll(() => {
  out = generate({ days: 14, seed: 9, end: DEFAULT_END });
  parsed = parseOutput(out.files);
});

const okta = () => parsed.records.filter((r) => r.source === 'okta');
const rec = (r: SimRecord) => r.record as Record<string, any>;
const truth = (id: string) => out.truth.find((e) => e.id === id)!;

describe('simulated Okta System Log', () => {
  it('is written as /api/v1/logs pages (JSON arrays, oldest first) that the Okta normalizer reads whole', () => {
    const files = out.files.filter((f) => f.path.startsWith('okta/'));
    expect(files.map((f) => f.path)).toEqual(files.map((_, i) => `okta/system-log-${String(i + 1).padStart(4, '0')}.json`));
    const events = okta();
    const times = events.map((r) => r.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(events.map((r) => rec(r).uuid)).size).toBe(events.length);
    for (const r of events) {
      const n = normalizeOkta({ record: rec(r), stream: 'logs', id: rec(r).uuid, ref: { file: r.file, line: 1 } }, newNormalizeContext());
      expect(n.ok, JSON.stringify(n)).toBe(true);
      if (n.ok) NormalizedEventSchema.parse(n.events[0]);
    }
    expect(out.stats.bySource.okta).toBe(events.length);
  });

  it('habits: people sign in on the days they work; a factor enrolment is rare', () => {
    const signIns = okta().filter((r) => rec(r).eventType === 'user.session.start');
    expect(new Set(signIns.map((r) => rec(r).actor.alternateId)).size).toBeGreaterThan(30);
    const habitual = signIns.filter((r) => /New Device=NEGATIVE/.test(rec(r).debugContext.debugData.behaviors));
    expect(habitual.length / signIns.length).toBeGreaterThan(0.98);
    const enrolments = okta().filter((r) => rec(r).eventType === 'user.mfa.factor.activate');
    expect(enrolments.length).toBeLessThan(signIns.length / 50);
  });

  it('the Okta-corroborated theft: the service desk resets the victim\'s factors, a risky new device signs in, then the CRM exports', () => {
    const t = truth('attack-okta-mfa-reset-crm-export');
    expect(t).toMatchObject({ tier: 2, reasons: ['idp-anomaly'], technique: 'T1213.004', benign: false });
    const inside = (r: SimRecord) => r.time >= Date.parse(t.start) && r.time < Date.parse(t.end);
    const idp = okta().filter((r) => inside(r) && (rec(r).actor.alternateId === t.principal.email || rec(r).target?.[0]?.alternateId === t.principal.email));
    const reset = idp.find((r) => rec(r).eventType === 'user.mfa.factor.reset_all')!;
    expect(rec(reset).actor.alternateId).toBe('servicedesk@example.com');
    const risky = idp.find((r) => rec(r).eventType === 'user.session.start' && /New Device=POSITIVE/.test(rec(r).debugContext.debugData.behaviors))!;
    expect(rec(risky).debugContext.debugData.risk).toMatch(/level=HIGH/);
    const exports = parsed.records.filter((r) => r.source === 'salesforce' && inside(r) && r.principal === t.principal.id && r.stream === 'elf:ReportExport');
    expect(exports).toHaveLength(6);
    expect(Math.min(...exports.map((r) => r.time))).toBeGreaterThan(reset.time);
    expect(Math.min(...exports.map((r) => r.time)) - risky.time).toBeLessThan(2 * 3600_000);
  });

  it('the look-alike: a new laptop and a new factor on the usual network, nothing else unusual', () => {
    const t = truth('benign-new-laptop-new-factor');
    expect(t.benign).toBe(true);
    const mine = okta().filter((r) => r.time >= Date.parse(t.start) && r.time < Date.parse(t.end) && rec(r).actor.alternateId === t.principal.email);
    expect(mine.map((r) => rec(r).eventType)).toEqual(expect.arrayContaining(['user.session.start', 'user.mfa.factor.activate', 'user.mfa.factor.deactivate']));
    const laptop = mine.find((r) => /New Device=POSITIVE/.test(rec(r).debugContext?.debugData?.behaviors ?? ''))!;
    expect(rec(laptop).debugContext.debugData.risk).toBe('{level=LOW}');
    expect(rec(laptop).client.ipAddress).toMatch(/^(198\.51\.100|203\.0\.113)\./);
  });
});
