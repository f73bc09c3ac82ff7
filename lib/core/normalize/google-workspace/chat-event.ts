import type { GwMapped, GwParty } from './mapped-event.ts';
import { isForeign } from './mapped-event.ts';
import { domainOf, list, text, type GwEvent } from './parameters.ts';

const INVITES = new Set(['add_room_member', 'invite_sent', 'room_invite_sent']);
const JOINS = new Set(['invite_accept', 'room_joined', 'join_room']);

/**
 * Chat events (`applicationName=chat`): attachment download → `file_download` (app google-chat); a member from outside
 * added to a space, or a space opened to outsiders → `external_invite` (as a Slack Connect invite or a Teams guest);
 * joining an externally owned space → `external_connect`.
 */
export function chatEvent(ev: GwEvent, party: GwParty): GwMapped {
  const p = ev.params;
  const room = text(p, 'room_id');
  const roomName = text(p, 'room_name');
  const externalRoom = text(p, 'external_room') === 'ENABLED';
  const externallyOwned = text(p, 'conversation_ownership') === 'EXTERNALLY_OWNED';
  const details: Record<string, unknown> = {};
  if (externalRoom) details['externalRoom'] = true;
  if (externallyOwned) details['externallyOwned'] = true;
  const space = room || roomName ? { type: 'space', ...(room ? { id: room } : {}), ...(roomName ? { name: roomName } : {}) } : undefined;
  const mapped = (action: GwMapped['action'], object = space): GwMapped => ({
    action, app: 'google-chat', ...(object ? { object } : {}), ...(Object.keys(details).length ? { details } : {}),
  });

  if (ev.name === 'attachment_download' || ev.name === 'attachment_upload') {
    const hash = text(p, 'attachment_hash');
    const name = text(p, 'attachment_name');
    const file = hash || name ? { type: 'attachment', ...(hash ? { id: hash } : {}), ...(name ? { name } : {}) } : space;
    if (roomName) details['space'] = roomName;
    return mapped(ev.name === 'attachment_download' ? 'file_download' : 'file_upload', file);
  }
  if (INVITES.has(ev.name)) {
    const outsider = list(p, 'target_users').find((u) => isForeign(domainOf(u), party));
    if (outsider) {
      const m = mapped('external_invite');
      m.external = { domain: domainOf(outsider)!, user: outsider.toLowerCase() };
      return m;
    }
    return mapped(externalRoom ? 'external_invite' : 'member_added');
  }
  if (JOINS.has(ev.name)) return mapped(externallyOwned ? 'external_connect' : 'channel_join');
  if (ev.name === 'remove_room_member') return mapped('member_removed');
  return mapped('other');
}
