import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../lib/core/clock.ts';
import type { NormalizedEvent, Source } from '../../../lib/core/event.ts';
import { ActionSchema, NormalizedEventSchema } from '../../../lib/core/event.ts';
import { newNormalizeContext, normalizeRecord } from '../../../lib/core/normalize/index.ts';
import { T0, elfReportRow, m365Download, rtemApiEvent, slackDownload } from '../../replay/vendor-fixtures.ts';

/** Names every plain object answers through its prototype. */
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

function one(source: Source, stream: string, record: Record<string, unknown>): NormalizedEvent {
  const out = normalizeRecord(source, { record, stream, id: 'r-1', ref: { file: 'f', line: 1 } }, newNormalizeContext(fixedClock(T0 + 3600_000)));
  if (!out.ok) throw new Error(`rejected ${out.reason}: ${out.detail}`);
  expect(out.events).toHaveLength(1);
  return NormalizedEventSchema.parse(out.events[0]);
}

describe('prototype member names in vendor strings are data', () => {
  it('M365: an operation or workload named like an Object member is an unknown (other) operation, for every family', () => {
    const families: Array<Record<string, unknown>> = [
      { Workload: 'SharePoint', RecordType: 6 }, { Workload: 'Exchange', RecordType: 2 }, { Workload: 'MicrosoftTeams', RecordType: 25 },
      { Workload: 'CRM', RecordType: 21 }, { Workload: 'AzureActiveDirectory', RecordType: 8 }, { Workload: 'SecurityComplianceCenter', RecordType: 24 },
    ];
    for (const family of families) {
      for (const name of NAMES) {
        const e = one('m365', 'Audit.General', { ...m365Download('m-1', T0, 'a.docx'), ...family, Operation: name });
        expect(e.action, `${String(family['Workload'])} ${name}`).toBe('other');
        expect(e.vendorAction).toBe(name);
      }
    }
    for (const name of NAMES) {
      const e = one('m365', 'Audit.General', { ...m365Download('m-1', T0, 'a.docx'), Workload: name, RecordType: undefined });
      expect(e.app).toBe('m365');
    }
  });

  it('M365 and Slack: users, objects and parties with such names keep them', () => {
    for (const name of NAMES) {
      const m = one('m365', 'Audit.SharePoint', { ...m365Download('m-1', T0, name), UserId: name });
      expect(m.actor.id).toBe(name.toLowerCase());
      expect(m.object?.name).toBe(name);

      const entry = slackDownload(1, T0, name);
      entry['entity'] = { type: name, [name]: { id: 'F0001', name } };
      const s = one('slack', 'audit', JSON.parse(JSON.stringify(entry)) as Record<string, unknown>);
      expect(s.actor.id).toBe(name);
      expect(ActionSchema.safeParse(s.action).success).toBe(true);
      // zod drops an own `__proto__` key of a parsed object; every other name is found as the entity's own field.
      if (name !== '__proto__') expect(s.object).toEqual({ type: name, id: 'F0001', name });
      else expect(s.object).toBeUndefined();
    }
  });

  it('Salesforce: event types and RTEM objects named like Object members are other events', () => {
    for (const name of NAMES) {
      const elf = one('salesforce', `elf:${name}`, { ...elfReportRow(1, T0, 5), EVENT_TYPE: name });
      expect([elf.action, elf.vendorAction]).toEqual(['other', name]);
      const rtem = one('salesforce', `rtem:${name}`, rtemApiEvent('ev-1', T0, 5));
      expect(rtem.action).toBe('other');
    }
  });
});
