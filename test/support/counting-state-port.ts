import type { IdentityState, StateChanges, StateKeys, StatePort, StateSnapshot } from '../../lib/core/state.ts';
import { loadIdentities } from '../../lib/pipeline/identity-loader.ts';
import type { IdentityLoader } from '../../lib/pipeline/identity-loader.ts';

/** State traffic of one batch, in items (what DynamoDB bills) and calls (what the driver makes). */
export interface StateOps {
  loadCalls: number;
  saveCalls: number;
  /** Items asked for: profiles, identities and the tenant item. */
  profileReads: number;
  identityReads: number;
  tenantReads: number;
  profileWrites: number;
  identityWrites: number;
  tenantWrites: number;
  /** BatchGet requests DynamoDbState would make for the loads (≤ 100 keys each). */
  batchGetRequests: number;
  /** JSON size of every item read (found ones) and written, when sizes are measured: for request-unit costs. */
  readItemBytes: number[];
  writeItemBytes: number[];
  /** Time inside the wrapped port, and (excluded from it) time spent measuring sizes. */
  loadMs: number;
  saveMs: number;
  sizingMs: number;
}

export const itemReads = (o: StateOps): number => o.profileReads + o.identityReads + o.tenantReads;
export const itemWrites = (o: StateOps): number => o.profileWrites + o.identityWrites + o.tenantWrites;

/** DynamoDB's BatchGetItem takes at most 100 keys per request. */
export const BATCH_GET_KEYS = 100;

/**
 * Requests DynamoDbState (lib/adapters/state/dynamodb-state.ts) makes for these ops: BatchGet rounds of ≤ 100 keys
 * per load and one conditional Put per item written (unprocessed-key retries aside).
 */
export const stateRequests = (o: StateOps): number => o.batchGetRequests + itemWrites(o);

const empty = (): StateOps => ({
  loadCalls: 0, saveCalls: 0, profileReads: 0, identityReads: 0, tenantReads: 0, profileWrites: 0, identityWrites: 0,
  tenantWrites: 0, batchGetRequests: 0, readItemBytes: [], writeItemBytes: [], loadMs: 0, saveMs: 0, sizingMs: 0,
});

const now = (): number => performance.now();

/**
 * A StatePort that counts what goes through it to another one (an in-memory or file state): items read and written
 * per batch, so tests and the benchmark can check that state traffic follows principals, not events.
 */
export class CountingStatePort implements StatePort, IdentityLoader {
  private ops = empty();

  constructor(private readonly inner: StatePort, private readonly opts: { measureSizes?: boolean } = {}) {}

  async load(keys: StateKeys): Promise<StateSnapshot> {
    const t0 = now();
    const snapshot = await this.inner.load(keys);
    this.ops.loadMs += now() - t0;
    this.ops.loadCalls++;
    this.ops.profileReads += keys.principals.length;
    this.ops.identityReads += keys.identities.length;
    this.ops.tenantReads++;
    this.ops.batchGetRequests += Math.ceil((keys.principals.length + keys.identities.length + 1) / BATCH_GET_KEYS);
    if (this.opts.measureSizes) {
      const s0 = now();
      for (const p of snapshot.profiles.values()) this.ops.readItemBytes.push(JSON.stringify(p).length);
      for (const i of snapshot.identities.values()) this.ops.readItemBytes.push(JSON.stringify(i).length);
      this.ops.readItemBytes.push(JSON.stringify(snapshot.tenant).length);
      this.ops.sizingMs += now() - s0;
    }
    return snapshot;
  }

  /** The identities-only load (no tenant item), as DynamoDbState serves it; through `load` when the inner port lacks it. */
  async loadIdentities(keys: readonly string[]): Promise<Map<string, IdentityState>> {
    const t0 = now();
    const identities = await loadIdentities(this.inner, keys);
    this.ops.loadMs += now() - t0;
    this.ops.loadCalls++;
    this.ops.identityReads += keys.length;
    this.ops.batchGetRequests += Math.ceil(keys.length / BATCH_GET_KEYS);
    if (this.opts.measureSizes) {
      const s0 = now();
      for (const i of identities.values()) this.ops.readItemBytes.push(JSON.stringify(i).length);
      this.ops.sizingMs += now() - s0;
    }
    return identities;
  }

  async save(changes: StateChanges): Promise<void> {
    if (this.opts.measureSizes) {
      const s0 = now();
      for (const item of [...changes.profiles, ...changes.identities, ...(changes.tenant ? [changes.tenant] : [])]) {
        this.ops.writeItemBytes.push(JSON.stringify(item).length);
      }
      this.ops.sizingMs += now() - s0;
    }
    const t0 = now();
    await this.inner.save(changes);
    this.ops.saveMs += now() - t0;
    this.ops.saveCalls++;
    this.ops.profileWrites += changes.profiles.length;
    this.ops.identityWrites += changes.identities.length;
    if (changes.tenant) this.ops.tenantWrites++;
  }

  /** The counts since the last call (one batch, when called after each), and starts counting afresh. */
  take(): StateOps {
    const out = this.ops;
    this.ops = empty();
    return out;
  }
}
