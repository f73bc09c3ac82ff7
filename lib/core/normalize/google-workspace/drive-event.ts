import type { GwMapped, GwParty } from './mapped-event.ts';
import { isForeign } from './mapped-event.ts';
import { domainOf, flag, text, type GwEvent } from './parameters.ts';

/** Visibilities that let anyone with the link (or the whole web) open the file. */
const PUBLIC = new Set(['people_with_link', 'public_on_the_web', 'anyone_with_link', 'public']);
/** Events that move a copy of the content out to the actor's device or printer. */
const TAKE_OUT = new Set(['download', 'print']);
const ACL_VISIBILITY = new Set(['change_document_visibility', 'change_document_access_scope']);

const ROUTE: Record<string, GwMapped['action']> = {
  upload: 'file_upload',
  view: 'file_access',
  access_item_content: 'file_access',
  preview: 'file_preview',
};

/**
 * Drive events (`applicationName=drive`): download and print → `file_download` (print kept in details), a visibility
 * change to anyone-with-link/public → `public_link`, a share to a user or domain outside → `file_share` with
 * `external.domain`, a file mailed as an attachment to an outside address → `file_share` as well.
 */
export function driveEvent(ev: GwEvent, party: GwParty): GwMapped {
  const p = ev.params;
  const id = text(p, 'doc_id');
  const name = text(p, 'doc_title');
  const type = text(p, 'doc_type');
  const object = id || name ? { ...(type ? { type } : { type: 'file' }), ...(id ? { id } : {}), ...(name ? { name } : {}) } : undefined;
  const visibility = text(p, 'visibility');
  const details: Record<string, unknown> = {};
  if (visibility) details['visibility'] = visibility;
  const owner = text(p, 'owner');
  if (owner) details['owner'] = owner;
  const base = (action: GwMapped['action']): GwMapped => ({
    action, app: 'google-drive', ...(object ? { object } : {}), ...(Object.keys(details).length ? { details } : {}),
  });

  if (TAKE_OUT.has(ev.name)) {
    if (ev.name === 'print') details['print'] = true;
    return base('file_download');
  }
  if (ACL_VISIBILITY.has(ev.name)) {
    const old = text(p, 'old_visibility');
    if (old) details['oldVisibility'] = old;
    // A link visibility that was already public is not a new exposure.
    return base(visibility && PUBLIC.has(visibility) && !(old && PUBLIC.has(old)) ? 'public_link' : 'config_change');
  }
  if (ev.name === 'change_user_access' || ev.name === 'email_as_attachment') {
    const target = text(p, 'target_user') ?? text(p, 'target');
    const domain = text(p, 'target_domain')?.toLowerCase() ?? domainOf(target);
    const removed = /^(none|no_access)$/i.test(text(p, 'new_value') ?? '');
    if (removed) return base('other');
    const m = base('file_share');
    if (domain !== 'all' && isForeign(domain, party)) m.external = { domain, ...(target && target.includes('@') ? { user: target.toLowerCase() } : {}) };
    if (ev.name === 'email_as_attachment') details['emailed'] = true;
    return m;
  }
  const routed = ROUTE[ev.name];
  if (routed) return base(routed);
  if (flag(p, 'primary_event') === false) details['primary'] = false;
  return base('other');
}
