import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IdentityState, Profile, StateChanges, StateKeys, StatePort, StateSnapshot, TenantState } from '../../lib/core/state.ts';
import { StateConflictError, emptyTenant } from '../../lib/core/state.ts';

/**
 * A StatePort that keeps every item as its own JSON file, as DynamoDbState (lib/adapters/state/dynamodb-state.ts)
 * stores them: each load parses only the items asked for, each save encodes only the items changed, with the same
 * version check. It stands in for DynamoDB without the network, so (b) shows the CPU a detect Lambda spends; on
 * disk, not in a Map, so the table's bytes are not counted in (b)'s heap and RSS, as they are not in a Lambda's.
 */
export class JsonItemState implements StatePort {
  /** Item id → [version, bytes of JSON]: what the conditional writes check, and the table's size. */
  private readonly items = new Map<string, [number, number]>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async load(keys: StateKeys): Promise<StateSnapshot> {
    const profiles = new Map<string, Profile>();
    for (const k of keys.principals) {
      const p = this.get<Profile>(`p#${k}`);
      if (p) profiles.set(k, p);
    }
    const identities = new Map<string, IdentityState>();
    for (const k of keys.identities) {
      const i = this.get<IdentityState>(`i#${k}`);
      if (i) identities.set(k, i);
    }
    return { profiles, identities, tenant: this.get<TenantState>('tenant') ?? emptyTenant() };
  }

  async save(changes: StateChanges): Promise<void> {
    const next: [string, number, string][] = [];
    const put = (id: string, item: { key: string; version: number }): void => {
      const version = this.items.get(id)?.[0] ?? 0;
      if (item.version !== version) throw new StateConflictError(item.key);
      next.push([id, version + 1, JSON.stringify(item)]);
    };
    for (const p of changes.profiles) put(`p#${p.key}`, p);
    for (const i of changes.identities) put(`i#${i.key}`, i);
    if (changes.tenant) put('tenant', changes.tenant);
    for (const [id, version, json] of next) {
      writeFileSync(this.path(id), json);
      this.items.set(id, [version, json.length]);
    }
  }

  /** Bytes of JSON held: what the table would store. */
  get bytes(): number {
    let n = 0;
    for (const [, size] of this.items.values()) n += size;
    return n;
  }

  private get<T extends { version: number }>(id: string): T | undefined {
    const item = this.items.get(id);
    return item ? { ...(JSON.parse(readFileSync(this.path(id), 'utf8')) as T), version: item[0] } : undefined;
  }

  private path(id: string): string {
    return join(this.dir, `${encodeURIComponent(id)}.json`);
  }
}
