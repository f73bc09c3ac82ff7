import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/core/config.ts';
import { ORG, PARTNERS, buildPeople } from '../../lib/simulate/org.ts';
import { Prng } from '../../lib/simulate/prng.ts';

const raw: unknown = JSON.parse(readFileSync(new URL('../../samples/demo-config.json', import.meta.url), 'utf8'));

describe('samples/demo-config.json', () => {
  const config = parseConfig(raw);

  it('validates and describes the simulated org', () => {
    expect(config.org.timezone).toBe(ORG.timezone);
    expect(config.org.businessHours).toEqual({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00' });
    expect(config.org.internalDomains).toEqual([ORG.domain]);
    expect(config.trustedNetworks).toEqual([ORG.officeNetwork]);
    expect(config.partners).toEqual(PARTNERS.map((p) => ({ name: p.name, domains: [p.domain] })));
  });

  it('names privileged users who exist in the org', () => {
    const emails = new Set(buildPeople(new Prng('any')).map((p) => p.email));
    expect(config.privilegedUsers.length).toBeGreaterThan(0);
    for (const u of config.privilegedUsers) expect(emails.has(u)).toBe(true);
  });

  it('puts every office IP the simulator uses inside the trusted network', () => {
    for (const seed of ['a', 'b', 'c']) {
      for (const p of buildPeople(new Prng(seed))) {
        if (p.officeIp) expect(p.officeIp.startsWith('198.51.100.')).toBe(true);
        if (p.homeIp) expect(p.homeIp.startsWith('198.51.100.')).toBe(false);
      }
    }
  });
});
