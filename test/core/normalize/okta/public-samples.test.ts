import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileState } from '../../../../lib/adapters/state/file-state.ts';
import { fixedClock } from '../../../../lib/core/clock.ts';
import { defaultConfig } from '../../../../lib/core/config.ts';
import { NormalizedEventSchema } from '../../../../lib/core/event.ts';
import { normalizeOkta } from '../../../../lib/core/normalize/okta/index.ts';
import { newNormalizeContext } from '../../../../lib/core/normalize/types.ts';
import { discoverInputs } from '../../../../lib/replay/discover-inputs.ts';
import { runReplay } from '../../../../lib/replay/run-replay.ts';

const DIR = path.resolve(import.meta.dirname, '../../../fixtures/public-samples/okta');
const GROVE = 'grove-system_log-001.json';
const ELASTIC = 'elastic-integrations-test-okta-system-events-extract.log';

function recordsOf(file: string): Record<string, unknown>[] {
  const text = readFileSync(path.join(DIR, file), 'utf8');
  return file.endsWith('.log') ? text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)) : JSON.parse(text);
}

describe('Okta public samples (test/fixtures/public-samples/okta/README.md)', () => {
  it.each([[GROVE, 1], [ELASTIC, 7]])('%s: every record normalizes to a valid event', (file, n) => {
    const records = recordsOf(file);
    expect(records).toHaveLength(n);
    const events = records.flatMap((record, i) => {
      const out = normalizeOkta({ record, stream: 'logs', id: String(record['uuid']), ref: { file, line: i + 1 } }, newNormalizeContext());
      expect(out.ok, JSON.stringify(out)).toBe(true);
      return out.ok ? out.events.map((e) => NormalizedEventSchema.parse(e)) : [];
    });
    expect(events).toHaveLength(n);
  });

  it('reads what real exports say about sign-ins: behaviors and risk as map text or JSON, system principals, ASNs', () => {
    const [, , , jsonRisk, mapRisk, , system] = recordsOf(ELASTIC).map((record, i) => {
      const out = normalizeOkta({ record, stream: 'logs', id: `l${i}`, ref: { file: ELASTIC, line: i + 1 } }, newNormalizeContext());
      if (!out.ok) throw new Error(out.reason);
      return out.events[0]!;
    });
    expect(jsonRisk).toMatchObject({ action: 'login', details: { newGeo: true, newIp: true, risk: 'high', asn: '14618' } });
    expect(jsonRisk!.details).not.toHaveProperty('newDevice'); // "New Device": "BAD_REQUEST"
    expect(mapRisk).toMatchObject({ action: 'other', details: { newDevice: true, newGeo: false, risk: 'high', asn: '1828' } });
    expect(system).toMatchObject({ actor: { type: 'system', id: 'spr294puarJOdUsWD1t7' } });
    expect(system!.src).toBeUndefined();
  });

  // Replay holds record times to 400 days around its clock (time-plausibility.ts): each file with a clock near its own times.
  it.each([
    [GROVE, '2021-07-01', 1, 1, {}],
    // The extract spans 2020–2023: the three 2020 lines are older than 400 days before a 2023 clock, and rejected as such.
    // Two lines share uuid faf7398a-…: replay keeps the first (here the 2020 one) and counts the other as a duplicate.
    [ELASTIC, '2023-05-01', 7, 3, { 'implausible-time': 3 }, 1],
  ])('replay reads %s as Okta records: every record counted', async (file, day, read, normalized, rejected, duplicates = 0) => {
    const out = await runReplay(await discoverInputs([path.join(DIR, file)]), { state: FileState.inMemory(), config: defaultConfig(), clock: fixedClock(Date.parse(`${day}T00:00:00Z`)) });
    expect(out.read).toBe(read);
    expect(out.counts).toMatchObject({ normalized, duplicates, rejected });
    expect(out.alerts).toEqual([]);
  });
});
