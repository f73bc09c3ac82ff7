import type { IdentityState, Profile, StateChanges, StateKeys, StatePort, StateSnapshot, TenantState } from '../../lib/core/state.ts';
import { StateConflictError, emptyTenant } from '../../lib/core/state.ts';

/**
 * A StatePort that keeps every item as its own JSON string, as DynamoDbState (lib/adapters/state/dynamodb-state.ts)
 * stores them: each load parses only the items asked for, each save encodes only the items changed, with the same
 * version check. It stands in for DynamoDB, without the network, so (b) shows the CPU a detect Lambda spends.
 */
export class JsonItemState implements StatePort {
  private readonly items = new Map<string, { version: number; json: string }>();

  async load(keys: StateKeys): Promise<StateSnapshot> {
    const profiles = new Map<string, Profile>();
    for (const k of keys.principals) {
      const item = this.items.get(`p#${k}`);
      if (item) profiles.set(k, { ...(JSON.parse(item.json) as Profile), version: item.version });
    }
    const identities = new Map<string, IdentityState>();
    for (const k of keys.identities) {
      const item = this.items.get(`i#${k}`);
      if (item) identities.set(k, { ...(JSON.parse(item.json) as IdentityState), version: item.version });
    }
    const tenant = this.items.get('tenant');
    return { profiles, identities, tenant: tenant ? { ...(JSON.parse(tenant.json) as TenantState), version: tenant.version } : emptyTenant() };
  }

  async save(changes: StateChanges): Promise<void> {
    const next: [string, { version: number; json: string }][] = [];
    const put = (id: string, item: { key: string; version: number }): void => {
      const version = this.items.get(id)?.version ?? 0;
      if (item.version !== version) throw new StateConflictError(item.key);
      next.push([id, { version: version + 1, json: JSON.stringify(item) }]);
    };
    for (const p of changes.profiles) put(`p#${p.key}`, p);
    for (const i of changes.identities) put(`i#${i.key}`, i);
    if (changes.tenant) put('tenant', changes.tenant);
    for (const [id, json] of next) this.items.set(id, json);
  }

  /** Bytes of JSON held: what the table would store. */
  get bytes(): number {
    let n = 0;
    for (const v of this.items.values()) n += v.json.length;
    return n;
  }
}
