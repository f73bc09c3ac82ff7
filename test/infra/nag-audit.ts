import { Validations } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export interface Acknowledgement {
  /** Construct path the acknowledgement was made on. */
  path: string;
  id: string;
  reason: string;
}

const KEY = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
const bare = (id: string): string => id.replace(/^annotation::/i, '');

/** Every acknowledgement made in the tree (cdk-nag v3 keeps them as construct metadata). */
export function acknowledgements(root: IConstruct): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) out.push({ path: c.node.path, id: bare(id), reason });
    }
  }
  return out;
}

/**
 * Records which acknowledgement silenced each finding while a synth runs (cdk-nag 3.0.2 looks them up in
 * `NagPack.isAcknowledged`, from the resource up through its scopes; this replays that lookup and notes the match).
 * Call the returned function after the synth for the `path|id` pairs that were used.
 */
export function recordAcknowledgementUse(): () => Set<string> {
  const used = new Set<string>();
  const proto = NagPack.prototype as unknown as { isAcknowledged: (resource: IConstruct, ruleId: string) => boolean };
  const original = proto.isAcknowledged;
  proto.isAcknowledged = function isAcknowledged(resource: IConstruct, ruleId: string): boolean {
    for (let c: IConstruct | undefined = resource; c; c = c.node.scope) {
      for (const entry of c.node.metadata) {
        if (entry.type === KEY && entry.data && Object.keys(entry.data as object).some((k) => bare(k) === ruleId)) {
          used.add(`${c.node.path}|${ruleId}`);
          return true;
        }
      }
    }
    return false;
  };
  return () => {
    proto.isAcknowledged = original;
    return used;
  };
}
