import type { Prng } from '../prng.ts';
import type { Role } from '../org.ts';
import type { SpFile } from '../catalogue.ts';
import { SITES } from '../catalogue.ts';
import type { SpOperation } from '../vendors/m365.ts';
import {
  crmRead, entraUserLoggedIn, mailItemsAccessed, oneDriveFile, spFileOperation, teamsMemberAdded, teamsSessionStarted,
} from '../vendors/m365.ts';
import type { HabitContext } from './context.ts';
import { between, inWorkday, scaled } from './day-plan.ts';

/** Team sites each role works in. */
export const SITES_BY_ROLE: Record<Role, readonly string[]> = {
  sales: ['Sales', 'Marketing'],
  'sales-manager': ['Sales', 'Finance'],
  'sales-ops': ['Sales', 'Analytics'],
  analyst: ['Analytics', 'Finance', 'Sales', 'Operations'],
  finance: ['Finance', 'Legal'],
  engineer: ['Engineering'],
  marketing: ['Marketing', 'Sales'],
  support: ['Operations', 'Sales'],
  'it-admin': ['Engineering', 'Operations'],
  compliance: ['Legal', 'Finance'],
  exec: SITES,
};

/** Files a person downloads on an ordinary day (analysts most). */
export const DAILY_DOWNLOADS: Record<Role, [number, number]> = {
  analyst: [4, 12], finance: [2, 6], 'sales-ops': [1, 5], 'sales-manager': [1, 4], sales: [0, 3], engineer: [0, 2],
  marketing: [1, 4], support: [0, 3], 'it-admin': [0, 2], compliance: [1, 3], exec: [0, 2],
};

/** The SharePoint files a person's role gives them reason to open. */
export function personalFiles(ctx: Pick<HabitContext, 'person' | 'catalogue'>): SpFile[] {
  const sites = SITES_BY_ROLE[ctx.person.role];
  return sites.flatMap((s) => ctx.catalogue.spFiles.get(s) ?? []);
}

const UA_SP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

/** Sign-ins, Teams, mail sync, SharePoint/OneDrive file work and (support) Dynamics 365 lookups for one day. */
export function m365Day(ctx: HabitContext): void {
  const { rng, person, plan, sink } = ctx;
  const mobileIp = person.homeIp ?? plan.ip;
  if (!plan.active) {
    // Phones keep syncing mail on days off.
    for (let i = rng.int(4, 10); i > 0; i--) {
      const t = between(rng, plan.start - 3 * 3600_000, plan.end + 4 * 3600_000);
      sink.addM365('Audit.Exchange', t, mailItemsAccessed(rng, person, t, mobileIp, { accessType: 'Sync', count: rng.int(1, 6), mobile: true }));
    }
    return;
  }
  for (let i = rng.int(2, 4); i > 0; i--) {
    const t = i === 1 ? plan.start : inWorkday(rng, plan);
    sink.addM365('Audit.AzureActiveDirectory', t, entraUserLoggedIn(rng, person, t, plan.ip, person.browserUa));
  }
  const ts = plan.start + rng.int(1, 10) * 60_000;
  sink.addM365('Audit.General', ts, teamsSessionStarted(rng, person, ts, plan.ip));
  const hours = Math.max(1, (plan.end - plan.start) / 3600_000);
  for (let i = Math.round(hours * (rng.next() * 2 + 3)); i > 0; i--) {
    const t = inWorkday(rng, plan);
    const bind = rng.chance(0.15);
    sink.addM365('Audit.Exchange', t, mailItemsAccessed(rng, person, t, plan.ip, {
      accessType: bind ? 'Bind' : 'Sync', count: bind ? rng.int(1, 4) : rng.int(1, 25), mobile: false,
    }));
  }
  const files = personalFiles(ctx);
  const op = (operation: SpOperation, file: SpFile, t: number, ip: string): void =>
    sink.addM365('Audit.SharePoint', t, spFileOperation(rng, person, t, operation, file, ip, person.browserUa || UA_SP));
  for (let i = scaled(plan, rng.int(15, 40)); i > 0; i--) op('FileAccessed', rng.pick(files), inWorkday(rng, plan), plan.ip);
  for (let i = scaled(plan, rng.int(4, 12)); i > 0; i--) op('FilePreviewed', rng.pick(files), inWorkday(rng, plan), plan.ip);
  const [lo, hi] = DAILY_DOWNLOADS[person.role];
  for (const file of rng.sample(files, scaled(plan, rng.int(lo, hi)))) op('FileDownloaded', file, inWorkday(rng, plan), plan.ip);
  if (rng.chance(0.05)) {
    const t = inWorkday(rng, plan);
    for (let i = rng.int(1, 3); i > 0; i--) op('FileSyncDownloadedFull', oneDriveFile(rng, person, `Notes ${rng.int(1, 400)}.docx`), t + i * 7000, plan.ip);
  }
  if (plan.evening) {
    const ev = plan.evening;
    for (let i = rng.int(1, 4); i > 0; i--) op('FileAccessed', rng.pick(files), between(rng, ev.start, ev.end), ev.ip);
    const t = between(rng, ev.start, ev.end);
    sink.addM365('Audit.Exchange', t, mailItemsAccessed(rng, person, t, ev.ip, { accessType: 'Sync', count: rng.int(1, 8), mobile: false }));
  }
  if (person.role === 'support') crmDay(ctx, rng);
  if ((person.role === 'sales-manager' || person.role === 'it-admin') && rng.chance(0.08)) {
    const other = rng.pick(ctx.people.filter((p) => p !== person));
    const t = inWorkday(rng, plan);
    sink.addM365('Audit.General', t, teamsMemberAdded(rng, person, t, plan.ip, teamFor(rng, person.role),
      [{ UPN: other.email, Role: 0, DisplayName: other.name }]));
  }
}

export const TEAMS = {
  sales: { name: 'Sales DACH', guid: '19:3b1f0c5e8a2d4f6b9e7c1a0d2f4b6e8c@thread.tacv2' },
  partners: { name: 'Partner Operations', guid: '19:8c2e4a6f0b1d3e5a7c9f2b4d6e8a0c1e@thread.tacv2' },
  it: { name: 'IT Helpdesk', guid: '19:5d7f9b1c3e0a2c4e6a8b0d2f4c6e8a1b@thread.tacv2' },
} as const;

const teamFor = (rng: Prng, role: Role): { name: string; guid: string } =>
  role === 'it-admin' ? TEAMS.it : rng.pick([TEAMS.sales, TEAMS.partners]);

function crmDay(ctx: HabitContext, rng: Prng): void {
  const { person, plan, sink } = ctx;
  for (let i = scaled(plan, rng.int(8, 20)); i > 0; i--) {
    const t = inWorkday(rng, plan);
    sink.addM365('Audit.General', t, crmRead(rng, person, t, plan.ip, person.browserUa, {
      message: 'RetrieveMultiple', entity: rng.pick(['incident', 'contact', 'account']), ids: rng.int(5, 50),
    }));
  }
  if (rng.chance(0.04)) {
    const t = inWorkday(rng, plan);
    sink.addM365('Audit.General', t, crmRead(rng, person, t, plan.ip, person.browserUa, { message: 'ExportToExcel', entity: 'incident', ids: rng.int(20, 120) }));
  }
}
