import type { Prng } from '../../lib/simulate/prng.ts';
import type { BenchPerson } from './population.ts';
import { fastUuid } from './random-ids.ts';

/** Slack `/audit/v1/logs` entries (api-contracts.md §3.4–3.7). */

export type SlackPerson = BenchPerson & { slackId: string };
type Rec = Record<string, unknown>;
const WORKSPACE = { type: 'workspace', id: 'T05BENCH01', name: 'Bench Corp', domain: 'benchcorp' };
const FILETYPES = ['application/pdf', 'image/png', 'text/csv', 'application/vnd.ms-excel'];

function entry(rng: Prng, p: SlackPerson, t: number, action: string, entity: Rec, details?: Rec): Rec {
  const user = { id: p.slackId, name: p.name, email: p.email, team: WORKSPACE.id };
  const e: Rec = {
    id: fastUuid(rng),
    date_create: Math.floor(t / 1000),
    action,
    actor: { type: 'user', user },
    entity,
    context: { location: WORKSPACE, ua: p.ua, ip_address: p.ip, session_id: 913_888_259_765 + (t % 100_000) },
  };
  if (details) e.details = details;
  return e;
}

/** One of ~20 k workspace files, so distinct files downloaded per principal are realistic. */
function fileEntity(rng: Prng): Rec {
  const n = rng.int(1, 20_000);
  return { type: 'file', file: { id: `F0${n.toString(36).toUpperCase().padStart(9, '0')}`, name: `file-${n}.pdf`, filetype: rng.pick(FILETYPES), title: `File ${n}` } };
}

export function fileAction(rng: Prng, p: SlackPerson, t: number, action: 'file_downloaded' | 'file_uploaded' | 'file_shared'): Rec {
  const entity = fileEntity(rng);
  const id = (entity.file as { id: string }).id;
  return entry(rng, p, t, action, entity, action === 'file_downloaded' ? { url_private: `https://files.slack.com/files-pri/${WORKSPACE.id}-${id}/download` } : undefined);
}

export function userLogin(rng: Prng, p: SlackPerson, t: number): Rec {
  return entry(rng, p, t, 'user_login', { type: 'user', user: { id: p.slackId, name: p.name, email: p.email, team: WORKSPACE.id } });
}

export function channelJoin(rng: Prng, p: SlackPerson, t: number): Rec {
  const n = rng.int(1, 600);
  return entry(rng, p, t, 'user_channel_join', {
    type: 'channel',
    channel: { id: `C0${String(n).padStart(8, '0')}`, name: `team-${n}`, privacy: 'public', is_shared: false, is_org_shared: false },
  });
}
