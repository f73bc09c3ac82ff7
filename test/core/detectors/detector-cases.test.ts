import { describe, expect, it } from 'vitest';
import { AlertSchema } from '../../../lib/core/alert.ts';
import { fixedClock } from '../../../lib/core/clock.ts';
import { parseConfig } from '../../../lib/core/config.ts';
import { runBatch } from '../../../lib/core/engine.ts';
import { emptySnapshot } from '../../../lib/core/state.ts';
import type { DetectorCase } from './cases/case.ts';
import { chatFileDownloadVolumeCases } from './cases/chat-file-download-volume.cases.ts';
import { crmExportVolumeCases } from './cases/crm-export-volume.cases.ts';
import { reconLookalikePartnerCases } from './cases/recon-lookalike-partner.cases.ts';
import { crmCatalogueCases } from './cases/crm-catalogue.cases.ts';
import { chatCatalogueCases } from './cases/chat-catalogue.cases.ts';
import { reconCatalogueCases } from './cases/recon-catalogue.cases.ts';
import { googleWorkspaceCases } from './cases/google-workspace.cases.ts';
import { DETECTORS } from '../../../lib/core/detectors/registry.ts';

const ALL: DetectorCase[] = [
  ...crmExportVolumeCases, ...chatFileDownloadVolumeCases, ...reconLookalikePartnerCases,
  ...crmCatalogueCases, ...chatCatalogueCases, ...reconCatalogueCases, ...googleWorkspaceCases,
];

/** One generic runner for every detector's cases: events in → that detector's alerts out. */
describe.each(ALL.map((c) => [`${c.detector}: ${c.name}`, c] as const))('%s', (_name, c) => {
  it(c.expect.length ? 'alerts as expected' : 'stays quiet', () => {
    const result = runBatch(c.events, emptySnapshot(), parseConfig(c.config ?? {}), fixedClock(Date.parse('2026-11-21T00:00:00Z')), 'case');
    for (const a of result.alerts) AlertSchema.parse(a);
    if (c.level === 'signal') {
      const sigs = result.signals.filter((s) => s.detector === c.detector);
      expect([...new Set(sigs.map((s) => s.principal))].sort(), JSON.stringify(result.signals)).toEqual(c.expect.map((e) => e.principal).sort());
      return;
    }
    const mine = result.alerts.filter((a) => a.detector === c.detector);
    expect(mine.map((a) => a.principal.id).sort()).toEqual(c.expect.map((e) => e.principal).sort());
    for (const want of c.expect) {
      const got = mine.find((a) => a.principal.id === want.principal)!;
      if (want.tier) expect(got.escalation.tier, JSON.stringify(got.escalation)).toBe(want.tier);
      for (const r of want.reasons ?? []) expect(got.escalation.reasons).toContain(r);
      for (const r of want.notReasons ?? []) expect(got.escalation.reasons).not.toContain(r);
      if (want.baseline) expect(got.baseline).toBe(want.baseline);
      if (want.severity) expect(got.severity).toBe(want.severity);
      if (want.valueAtLeast) expect(got.triage.unusualVolume.value).toBeGreaterThanOrEqual(want.valueAtLeast);
      expect(got.playbook.l1.length).toBeGreaterThan(0);
      expect(got.evidence.sample.length).toBeGreaterThan(0);
    }
  });
});

it('every detector has at least one positive and one negative case', () => {
  for (const d of DETECTORS.map((x) => x.id)) {
    const cases = ALL.filter((c) => c.detector === d);
    expect(cases.some((c) => c.expect.length > 0), d).toBe(true);
    expect(cases.some((c) => c.expect.length === 0), d).toBe(true);
  }
});
