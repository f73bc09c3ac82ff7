import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderAlertTable, renderAlertsNdjson } from '../../lib/cli/alert-table.ts';
import { renderSummary } from '../../lib/cli/replay-summary.ts';
import { escapeJsonControls, terminalSafe } from '../../lib/cli/terminal-text.ts';
import type { ReplayOutcome } from '../../lib/replay/run-replay.ts';
import { sampleAlert } from '../adapters/alerts/sample-alert.ts';

/** Escape sequences an attacker would put in a user name or file title. */
const HOSTILE = [
  '\u001b[2J\u001b[H', // clear screen, cursor home
  '\u001b]0;owned\u0007', // set the window title
  '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', // hyperlink
  '\u009b31m', // 8-bit CSI: red
  '\u202egnp.exe', // right-to-left override
  'line\nbreak\r\tand\u0000nul\u0008bs',
];

const hasControl = (s: string): boolean => /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s);

describe('terminalSafe', () => {
  it('removes escape sequences and control characters, and keeps the visible text', () => {
    expect(terminalSafe('Alice Example')).toBe('Alice Example');
    expect(terminalSafe('\u001b[31mAlice\u001b[0m')).toBe('Alice');
    expect(terminalSafe('\u001b]0;owned\u0007Bob')).toBe('Bob');
    expect(terminalSafe('line\nbreak\r\tand\u0000nul')).toBe('line break andnul');
    expect(terminalSafe('\u202egnp.exe')).toBe('gnp.exe');
  });

  it('property: nothing a terminal acts on is left, whatever the input', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string()), { maxLength: 8 }), (parts) => {
      expect(hasControl(terminalSafe(parts.join('')))).toBe(false);
    }), { numRuns: 500 });
  });
});

describe('CLI output of vendor strings', () => {
  it('the alert table prints names and titles without escape sequences', () => {
    const alerts = HOSTILE.map((h, i) => sampleAlert({ id: `a${i}`, title: `Slack: 40 files downloaded ${h}`, principal: { source: 'slack', id: `U${i}`, name: `mallory${h}` } }));
    const table = renderAlertTable(alerts);
    const lines = table.trimEnd().split('\n');
    expect(lines).toHaveLength(HOSTILE.length + 1);
    for (const l of lines) expect(hasControl(l), JSON.stringify(l)).toBe(false);
    expect(table).toContain('mallory');
  });

  it('the summary lists files and details without them', () => {
    const outcome: ReplayOutcome = {
      files: 1, batches: 1, read: 2, counts: { records: 1, normalized: 0, events: 0, duplicates: 0, rejected: { 'malformed-json': 1, 'bad-timestamp': 1 } },
      alerts: [], expiredEntries: [],
    };
    const text = renderSummary(outcome, [{ file: 'logs/\u001b[2Jevil\n.json', reason: 'malformed-json', count: 1, firstLine: 3, detail: 'Unexpected token \u001b]0;x\u0007' }]);
    for (const l of text.trimEnd().split('\n')) expect(hasControl(l), JSON.stringify(l)).toBe(false);
    expect(text).toContain('logs/evil .json: malformed-json at line 3');
  });

  it('--json keeps values exact but writes C1 controls as \\u escapes', () => {
    const alert = sampleAlert({ title: 'x\u009b31my\u2028z' });
    const line = renderAlertsNdjson([alert]);
    expect(line).not.toMatch(/[\u007f-\u009f\u2028]/);
    expect(JSON.parse(line).title).toBe(alert.title);
    expect(escapeJsonControls('"a\u0085"')).toBe('"a\\u0085"');
  });
});
