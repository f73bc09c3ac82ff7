import type { Catalogue } from '../catalogue.ts';
import type { Role } from '../org.ts';
import { chatAttachmentDownload, chatMessage, driveAccess, driveFileOf, driveShare, gwLogin, type DriveFile } from '../vendors/google-workspace.ts';
import type { HabitContext } from './context.ts';
import { inWorkday, scaled } from './day-plan.ts';

/** Teams that work in Google Workspace (Drive, Chat) beside the org's Microsoft 365. */
export const GOOGLE_ROLES: ReadonlySet<Role> = new Set(['marketing', 'engineer', 'analyst']);

/** The Drive documents of the Google-using teams (their sites' documents). */
export function driveFiles(catalogue: Catalogue): DriveFile[] {
  return ['Marketing', 'Engineering', 'Analytics'].flatMap((site) => catalogue.spFiles.get(site) ?? []).map(driveFileOf);
}

export const CHAT_SPACES = ['spaces/AAAAmarketing', 'spaces/AAAAengineering', 'spaces/AAAAlaunch'] as const;

/** A Google day: a login, documents opened and edited, a few downloaded, a colleague given access, Chat messages. */
export function googleWorkspaceDay(ctx: HabitContext): void {
  const { rng, person, plan, sink, catalogue, people } = ctx;
  if (!plan.active || !GOOGLE_ROLES.has(person.role)) return;
  const files = driveFiles(catalogue);
  sink.addGoogle(plan.start + rng.int(0, 120_000), gwLogin(rng, person, plan.start, plan.ip));
  for (const f of rng.sample(files, scaled(plan, rng.int(3, 10)))) {
    const t = inWorkday(rng, plan);
    sink.addGoogle(t, driveAccess(rng, person, t, plan.ip, rng.chance(0.4) ? 'edit' : 'view', f));
  }
  for (const f of rng.sample(files, scaled(plan, rng.int(0, 4)))) {
    const t = inWorkday(rng, plan);
    sink.addGoogle(t, driveAccess(rng, person, t, plan.ip, 'download', f));
  }
  if (rng.chance(0.15)) {
    const t = inWorkday(rng, plan);
    const colleague = rng.pick(people.filter((p) => p !== person && GOOGLE_ROLES.has(p.role)));
    sink.addGoogle(t, driveShare(rng, person, t, plan.ip, rng.pick(files), colleague.email));
  }
  for (let i = scaled(plan, rng.int(1, 6)); i > 0; i--) {
    const t = inWorkday(rng, plan);
    sink.addGoogle(t, chatMessage(rng, person, t, plan.ip, rng.pick(CHAT_SPACES)));
  }
  if (rng.chance(0.3)) {
    const t = inWorkday(rng, plan);
    sink.addGoogle(t, chatAttachmentDownload(rng, person, t, plan.ip, rng.pick(CHAT_SPACES), rng.pick(files)));
  }
}
