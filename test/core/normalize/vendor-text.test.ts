import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fixedClock } from '../../../lib/core/clock.ts';
import type { NormalizedEvent, Source } from '../../../lib/core/event.ts';
import { NormalizedEventSchema } from '../../../lib/core/event.ts';
import { MAX_VENDOR_TEXT, newNormalizeContext, normalizeRecord } from '../../../lib/core/normalize/index.ts';
import { capText } from '../../../lib/core/normalize/vendor-text.ts';
import { T0, m365Download, slackDownload } from '../../replay/vendor-fixtures.ts';

const long = (tag: string, n = 2500): string => `${tag}-${'x'.repeat(n)}`;

/** Every string anywhere in a value. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

function events(source: Source, stream: string, record: Record<string, unknown>, id = 'r-1'): NormalizedEvent[] {
  const out = normalizeRecord(source, { record, stream, id, ref: { file: 'f', line: 1 } }, newNormalizeContext(fixedClock(T0 + 3600_000)));
  if (!out.ok) throw new Error(`rejected ${out.reason}: ${out.detail}`);
  return out.events.map((e) => NormalizedEventSchema.parse(e));
}

describe('capText', () => {
  it('keeps short text, cuts long text to the limit with a visible mark, and keeps distinct values distinct', () => {
    expect(capText('Mozilla/5.0')).toBe('Mozilla/5.0');
    const a = capText(`${'p'.repeat(300)}a`);
    const b = capText(`${'p'.repeat(300)}b`);
    expect(a).toHaveLength(MAX_VENDOR_TEXT);
    expect(a).toMatch(/^p+…#[0-9a-z]{11}$/);
    expect(a).not.toBe(b);
    expect(capText(a)).toBe(a);
  });

  it('property: never longer than the limit, never splits a surrogate pair, idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', '€', '𝄞'), maxLength: 600 }), (s) => {
      const c = capText(s);
      expect(c.length).toBeLessThanOrEqual(MAX_VENDOR_TEXT);
      expect(Buffer.from(c).toString()).toBe(c); // a lone surrogate would not survive UTF-8
      expect(capText(c)).toBe(c);
      if (s.length <= MAX_VENDOR_TEXT) expect(c).toBe(s);
    }), { numRuns: 300 });
  });
});

describe('vendor strings are cut at normalization, for every vendor', () => {
  it('Salesforce ELF API: a caller-chosen 2.5 KB CLIENT_NAME, user name and entity', () => {
    const row = {
      EVENT_TYPE: 'API', TIMESTAMP_DERIVED: new Date(T0).toISOString(), USER_ID_DERIVED: '0055e000008hWkzAAE', USER_NAME: long('user@example.com'),
      METHOD_NAME: 'query', ENTITY_NAME: long('Contact'), ROWS_PROCESSED: '100', CLIENT_NAME: long('python'), CLIENT_IP: '198.51.100.7',
    };
    const [e] = events('salesforce', 'elf:API', row);
    expect(String(e!.details?.['client'])).toMatch(/^python-x+…#/);
    expect(e!.actor.name).toHaveLength(MAX_VENDOR_TEXT);
    for (const s of strings(e)) expect(s.length).toBeLessThanOrEqual(MAX_VENDOR_TEXT);
  });

  it('Salesforce: a long username is learned cut, so later rows of the user get the same short name', () => {
    const ctx = newNormalizeContext(fixedClock(T0 + 3600_000));
    const login = { EVENT_TYPE: 'Login', TIMESTAMP_DERIVED: new Date(T0).toISOString(), USER_ID_DERIVED: '0055e000008hWkzAAE', USER_NAME: long('user@example.com', 100_000) };
    const report = { EVENT_TYPE: 'Report', TIMESTAMP_DERIVED: new Date(T0).toISOString(), USER_ID_DERIVED: '0055e000008hWkzAAE', ROW_COUNT: '5' };
    const norm = (r: Record<string, unknown>) => normalizeRecord('salesforce', { record: r, stream: `elf:${String(r['EVENT_TYPE'])}`, id: 'r', ref: { file: 'f', line: 1 } }, ctx);
    expect(norm(login)).toMatchObject({ ok: true });
    expect([...ctx.sfUsernames.values()].map((v) => v.length)).toEqual([MAX_VENDOR_TEXT]);
    const later = norm(report);
    expect(later.ok && later.events[0]!.actor.name).toHaveLength(MAX_VENDOR_TEXT);
  });

  it('M365: a long UPN, file name, URL, user agent and sharing target; long ids stay distinct', () => {
    const rec = (id: string, file: string) => ({
      ...m365Download(id, T0, file), UserId: `${long('u')}@example.com`, UserAgent: long('Mozilla'), Operation: 'SharingSet',
      TargetUserOrGroupName: `${long('guest')}@${long('partner')}.com`, TargetUserOrGroupType: 'Guest',
    });
    const [a] = events('m365', 'Audit.SharePoint', rec('m-1', `${long('f')}-1.docx`));
    const [b] = events('m365', 'Audit.SharePoint', rec('m-2', `${long('f')}-2.docx`));
    for (const s of strings(a)) expect(s.length).toBeLessThanOrEqual(MAX_VENDOR_TEXT);
    expect(a!.object?.id).not.toBe(b!.object?.id);
    expect(a!.external?.domain).toMatch(/…#/);
  });

  it('Slack: a long user name, file title, user agent and entry id', () => {
    const entry = slackDownload(1, T0);
    const actor = entry['actor'] as { user: Record<string, unknown> };
    actor.user['name'] = long('Alice');
    (entry['entity'] as { file: Record<string, unknown> }).file = { id: long('F'), name: long('report.pdf') };
    (entry['context'] as Record<string, unknown>)['ua'] = long('Mozilla');
    const [e] = events('slack', 'audit', entry, long('id'));
    for (const s of strings(e)) expect(s.length).toBeLessThanOrEqual(MAX_VENDOR_TEXT);
    expect(e!.object?.name).toMatch(/^report\.pdf-x+…#/);
  });

  it('leaves ordinary records exactly as they were', () => {
    const [e] = events('slack', 'audit', slackDownload(1, T0));
    expect(e).toMatchObject({ actor: { id: 'W0ALICE', name: 'Alice Example', email: 'alice@example.com' }, src: { ua: 'Mozilla/5.0' } });
  });
});
