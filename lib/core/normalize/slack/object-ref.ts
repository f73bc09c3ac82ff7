import type { NormalizedEvent } from '../../event.ts';
import type { SlackFamily } from './action-map.ts';
import type { SlackEntity } from './entry-schema.ts';
import { SlackRefSchema } from './entry-schema.ts';
import { compiled } from '../compiled-schema.ts';

const RefSchema = compiled('Slack object ref', SlackRefSchema);

/** Entity key a family is about, when the entry carries it whatever `entity.type` says. */
const FAMILY_ENTITY: Partial<Record<SlackFamily, string>> = { file: 'file', channel: 'channel', app: 'app' };

/**
 * The object acted on: `entity[<family key or entity.type>]` as `{type, id, name}`. Files use the stable file
 * id (`F…`) so downloads can be counted per distinct file; the display name falls back to the title.
 */
export function slackObject(entity: SlackEntity | undefined, family: SlackFamily): NormalizedEvent['object'] {
  if (!entity) return undefined;
  const preferred = FAMILY_ENTITY[family];
  const key = preferred !== undefined && entity[preferred] !== undefined ? preferred : entity.type;
  // `entity.type` is vendor text: `constructor` or `__proto__` must find nothing, not Object's own members.
  if (!key || !Object.hasOwn(entity, key)) return undefined;
  const raw = entity[key];
  if (typeof raw !== 'object' || raw === null) return undefined;
  const ref = RefSchema.safeParse(raw);
  if (!ref.success) return undefined;
  const id = ref.data.id?.trim() || undefined;
  const name = ref.data.name?.trim() || ref.data.title?.trim() || undefined;
  if (id === undefined && name === undefined) return undefined;
  const object: NonNullable<NormalizedEvent['object']> = { type: key };
  if (id !== undefined) object.id = id;
  if (name !== undefined) object.name = name;
  return object;
}
