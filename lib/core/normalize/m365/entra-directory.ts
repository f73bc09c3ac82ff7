import { z } from 'zod';
import type { Action, NormalizedEvent } from '../../event.ts';
import type { FamilyNormalizer } from './family-normalizer.ts';
import { readFamilyFields } from './family-normalizer.ts';
import { finishEvent } from './base-event.ts';
import { optText } from './record-schema.ts';
import { readNameValues } from './name-value-list.ts';
import { externalFromAddress, isGuestUpn } from './guest-upn.ts';
import { compiled } from '../compiled-schema.ts';
import { lookupTable } from '../lookup-table.ts';

/**
 * Entra directory audit operations (RecordType 8). Names end with a period and their case varies
 * (`Add user.` / `Add User.`), so they are matched lower-cased without it.
 */
const ACTIONS = lookupTable<Action>({
  'invite external user': 'external_invite',
  'consent to application': 'app_install',
  'add service principal': 'app_install',
  'add application': 'app_install',
  'add delegated permission grant': 'app_scope_change',
  'add oauth2permissiongrant': 'app_scope_change',
  'add app role assignment to service principal': 'app_scope_change',
  'add app role assignment grant to user': 'app_scope_change',
  // Security info (MFA methods) of a user: identity-provider facts that corroborate other signals (idp-signals.ts).
  'user registered security info': 'mfa_change',
  'user changed default security info': 'mfa_change',
  'user deleted security info': 'mfa_change',
  'admin registered security info': 'mfa_change',
  'admin deleted security info': 'mfa_change',
});

/** `Update user.` whose changed properties are the user's MFA methods. */
const MFA_PROPERTY = /^strongauthentication/;

const APP_ACTIONS = new Set<Action>(['app_install', 'app_scope_change']);

const TargetSchema = compiled('Entra target', z.object({ ID: z.string() }));

const DirectoryFieldsSchema = compiled('Entra directory fields', z.object({
  ObjectId: optText,
  Target: z.array(z.unknown()).optional().catch(undefined),
  ModifiedProperties: z.unknown().optional(),
}));

export const normalizeEntraDirectory: FamilyNormalizer = (raw, base) => {
  const read = readFamilyFields(DirectoryFieldsSchema, raw);
  if (!read.ok) return read.outcome;
  const f = read.data;
  const op = base.vendorAction.trim().toLowerCase().replace(/\.$/, '');
  const modified = readNameValues(f.ModifiedProperties);
  const targets = [f.ObjectId, ...(f.Target ?? []).map((t) => TargetSchema.safeParse(t)).flatMap((t) => (t.success ? [t.data.ID] : []))]
    .filter((t): t is string => !!t?.trim());

  let action: Action = ACTIONS.get(op) ?? 'other';
  let external: NormalizedEvent['external'];
  if (op === 'add user' || action === 'external_invite') {
    const guest = targets.find(isGuestUpn);
    const isGuest = !!guest || /guest/i.test(plain(modified.get('usertype') ?? ''));
    action = isGuest || action === 'external_invite' ? 'external_invite' : 'user_created';
    if (action === 'external_invite') external = inviteeOf(guest, targets, modified);
  } else if (/member (to|from) role$/.test(op)) {
    action = 'role_change';
  } else if (op === 'update user' && [...modified.keys()].some((k) => MFA_PROPERTY.test(k))) {
    action = 'mfa_change';
  } else if (action === 'other' && (/policy/.test(op) || /^set /.test(op))) {
    action = 'config_change';
  }

  const isApp = APP_ACTIONS.has(action);
  const scopes = isApp ? scopesOf(modified) : undefined;
  const adminConsent = modified.get('consentcontext.isadminconsent');
  const event = finishEvent(base, action, {
    object: objectOf(f.ObjectId, isApp, action, plain(modified.get('displayname') ?? '') || undefined),
    external,
    details: {
      scopes: scopes && scopes.length > 0 ? scopes : undefined,
      adminConsent: isApp && adminConsent !== undefined ? /true/i.test(adminConsent) : undefined,
      // Whose roles or MFA methods changed: the target's UPN, when another person made the change.
      subject: action === 'role_change' || action === 'mfa_change' ? targets.find((t) => t.includes('@')) : undefined,
    },
  });
  return { ok: true, events: [event] };
};

/** ModifiedProperties values are JSON-ish text (`[\r\n  "Guest"\r\n]`): keep the words. */
const plain = (text: string): string => text.replace(/[[\]"\r\n]/g, ' ').replace(/\s+/g, ' ').trim();

function inviteeOf(guestUpn: string | undefined, targets: string[], modified: Map<string, string>): NormalizedEvent['external'] {
  const candidates = [guestUpn, plain(modified.get('mail') ?? ''), plain(modified.get('othermails') ?? ''), ...targets];
  for (const c of candidates) {
    const ext = c ? externalFromAddress(c) : undefined;
    if (ext) return ext;
  }
  return undefined;
}

/**
 * Consent records list what was granted as `… Scope: Mail.Read offline_access, …` inside
 * `ConsentAction.Permissions`; permission grants carry a plain `…Scope` property.
 */
function scopesOf(modified: Map<string, string>): string[] {
  const scopes = new Set<string>();
  for (const [name, value] of modified) {
    const chunks = name === 'consentaction.permissions'
      ? [...value.matchAll(/Scope:\s*([^,\]]*)/g)].map((m) => m[1] ?? '')
      : name.endsWith('scope') ? [plain(value)] : [];
    for (const chunk of chunks) for (const s of chunk.split(/\s+/)) if (s) scopes.add(s);
  }
  return [...scopes];
}

function objectOf(objectId: string | undefined, isApp: boolean, action: Action, name: string | undefined): NormalizedEvent['object'] {
  const id = objectId?.trim();
  if (!id) return undefined;
  const type = isApp ? 'app' : action === 'user_created' || action === 'external_invite' ? 'user' : undefined;
  return { type, id, name };
}
