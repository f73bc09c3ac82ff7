import { createHash } from 'node:crypto';
import type { SpFile } from '../catalogue.ts';
import type { Person } from '../org.ts';
import type { Prng } from '../prng.ts';
import type { JsonRecord } from '../sink.ts';

/** Admin SDK Reports API activities (`activities.list` items) as the collector reads them. */

export const GW_CUSTOMER_ID = 'C03exmpl1';

/** A Drive file: the org's teams that work in Google Drive keep their documents there. */
export interface DriveFile {
  id: string;
  title: string;
  type: string;
}

/** The Drive copy of a catalogue document (stable per document, so habits and scenarios name the same file). */
export const driveFileOf = (f: SpFile): DriveFile => ({ id: `1${createHash('sha256').update(f.objectId).digest('base64url').slice(0, 32)}`, title: f.fileName, type: f.extension });

type Param = { name: string; value?: string; boolValue?: boolean; multiValue?: string[] };

function activity(rng: Prng, t: number, application: string, p: Person, ip: string, type: string, name: string, parameters: Param[]): JsonRecord {
  return {
    kind: 'admin#reports#activity',
    id: { time: new Date(t).toISOString(), uniqueQualifier: String(rng.int(1, 2 ** 52)), applicationName: application, customerId: GW_CUSTOMER_ID },
    etag: `"${rng.hex(16)}"`,
    actor: { callerType: 'USER', email: p.email, profileId: String(100_000_000_000 + p.index) },
    ownerDomain: p.email.split('@')[1],
    ipAddress: ip,
    events: [{ type, name, parameters }],
  };
}

const docParams = (f: DriveFile, owner: string, visibility = 'private'): Param[] => [
  { name: 'doc_id', value: f.id }, { name: 'doc_title', value: f.title }, { name: 'doc_type', value: f.type },
  { name: 'owner', value: owner }, { name: 'visibility', value: visibility }, { name: 'primary_event', boolValue: true },
];

export type DriveAccess = 'view' | 'edit' | 'download' | 'print' | 'upload';

export const driveAccess = (rng: Prng, p: Person, t: number, ip: string, name: DriveAccess, f: DriveFile): JsonRecord =>
  activity(rng, t, 'drive', p, ip, 'access', name, docParams(f, p.email));

/** Sharing with one person (inside or outside the org). */
export const driveShare = (rng: Prng, p: Person, t: number, ip: string, f: DriveFile, target: string): JsonRecord =>
  activity(rng, t, 'drive', p, ip, 'acl_change', 'change_user_access', [
    ...docParams(f, p.email), { name: 'target_user', value: target }, { name: 'old_value', multiValue: ['none'] }, { name: 'new_value', multiValue: ['can_view'] },
  ]);

/** Link sharing turned to "anyone with the link". */
export const drivePublicLink = (rng: Prng, p: Person, t: number, ip: string, f: DriveFile): JsonRecord =>
  activity(rng, t, 'drive', p, ip, 'acl_change', 'change_document_visibility', [
    ...docParams(f, p.email, 'people_with_link'), { name: 'old_visibility', value: 'private' }, { name: 'visibility_change', value: 'external' },
  ]);

export const gwLogin = (rng: Prng, p: Person, t: number, ip: string): JsonRecord =>
  activity(rng, t, 'login', p, ip, 'login', 'login_success', [{ name: 'login_type', value: 'google_password' }, { name: 'is_suspicious', boolValue: false }]);

export const chatMessage = (rng: Prng, p: Person, t: number, ip: string, room: string): JsonRecord =>
  activity(rng, t, 'chat', p, ip, 'user_action', 'message_posted', [
    { name: 'room_id', value: room }, { name: 'actor', value: p.email }, { name: 'external_room', value: 'DISABLED' },
    { name: 'conversation_type', value: 'SPACE' }, { name: 'conversation_ownership', value: 'INTERNALLY_OWNED' },
  ]);

export const chatAttachmentDownload = (rng: Prng, p: Person, t: number, ip: string, room: string, f: DriveFile): JsonRecord =>
  activity(rng, t, 'chat', p, ip, 'user_action', 'attachment_download', [
    { name: 'actor', value: p.email }, { name: 'room_id', value: room }, { name: 'attachment_name', value: f.title }, { name: 'attachment_hash', value: f.id.slice(0, 16) },
  ]);
