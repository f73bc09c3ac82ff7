import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import { DetectionRun, type BatchResult, type DayJudgement } from '../../core/engine.ts';
import type { PeerContribution } from '../../core/baseline/peers.ts';
import { identityKey, type NormalizedEvent, type Reject } from '../../core/event.ts';
import type { BatchIds, IdentityState, Profile, StateKeys, StateSnapshot } from '../../core/state.ts';
import { TenantFirstSeen } from '../../core/tenant-first-seen.ts';
import type { BatchRun } from '../../pipeline/batch-run.ts';
import type { FromWorker } from './messages.ts';
import { partitionOf } from './partition.ts';
import type { WorkerPool } from './worker-pool.ts';

/** Events are sent to a worker in chunks: it folds one while the coordinator reads and normalizes the next. */
const CHUNK = 2_000;

/**
 * One batch judged by a pool of workers, each owning the principals its stable hash gives it (partition.ts), with the
 * alerts one DetectionRun gives: days are judged in time order across all partitions (each day's peer contributions
 * reach every worker before its next day), "new to the tenant" is decided on the whole batch, and the coordinator
 * merges the partitions' signals in the order one run produces them, then correlates them against the identities.
 */
export class ParallelRun implements BatchRun {
  private readonly tenantFirst = new TenantFirstSeen();
  /** Judges no principal: merges the partitions' days, folds the tenant and correlates. */
  private readonly local: DetectionRun;
  private readonly buffers: NormalizedEvent[][];
  /**
   * source → actor id → the principal's partition and identity (from its first event in the batch, as its
   * PrincipalBatch has it): one lookup per event, the principal key built once per principal.
   */
  private readonly principals = new Map<string, Map<string, { part: number; identity: string }>>();
  private readonly principalKeys: string[] = [];
  /** The workers are this batch's (the batch before sent its last message); until then its events wait here. */
  private started = false;
  private readonly ready: Promise<void>;
  private readonly release: () => void;
  private failure: unknown;

  constructor(private readonly pool: WorkerPool, config: Config, clock: Clock) {
    this.local = new DetectionRun(config, clock, { tenantFirst: this.tenantFirst });
    this.buffers = Array.from({ length: pool.size }, () => []);
    const turn = pool.takeTurn();
    this.release = turn.release;
    this.ready = turn.ready.then(() => {
      this.started = true;
      try {
        for (let i = 0; i < pool.size; i++) this.flush(i);
      } catch (err) {
        this.failure = err; // a failed pool: evaluate reports it
      }
    });
  }

  add(e: NormalizedEvent): void {
    this.tenantFirst.observe(e);
    const p = this.principalOf(e);
    this.local.noteChainStep(e, p.identity);
    const i = p.part;
    const buf = this.buffers[i]!;
    buf.push(e);
    if (this.started && buf.length >= CHUNK) this.flush(i);
  }

  addReject(r: Reject): void {
    this.local.addReject(r);
  }

  keys(): StateKeys {
    return { principals: [...this.principalKeys].sort(), identities: [] };
  }

  async evaluate(snapshot: Pick<StateSnapshot, 'profiles' | 'tenant'>, batchId: BatchIds): Promise<StateKeys> {
    await this.ready;
    if (this.failure !== undefined) throw this.failure;
    for (let i = 0; i < this.pool.size; i++) this.flush(i);
    const parts: [string, Profile][][] = this.buffers.map(() => []);
    for (const [key, profile] of snapshot.profiles) parts[partitionOf(key, this.pool.size)]!.push([key, profile]);
    const tenantFirst = this.tenantFirst.entries();
    const dayLists = await this.pool.all((i) => ({ type: 'prepare', batchId, profiles: parts[i]!, tenant: snapshot.tenant, tenantFirst }));
    this.local.prepare({ profiles: new Map(), tenant: snapshot.tenant }, batchId);
    const days = [...new Set(dayLists.flatMap((m) => expect(m, 'days').days))].sort((a, b) => a - b);
    let peers: PeerContribution[] = [];
    for (const day of days) {
      const judged = (await this.pool.all(() => ({ type: 'day', day, peers }))).map((m) => expect(m, 'judged').judgement);
      this.local.absorbDay(judged);
      peers = judged.flatMap((j: DayJudgement) => j.contributions);
    }
    const completed = this.pool.all(() => ({ type: 'complete' }));
    // The last message is sent: the next batch's events may follow it.
    this.release();
    for (const m of await completed) this.local.absorbProfiles(expect(m, 'completed').part);
    return this.local.complete();
  }

  correlate(identities: ReadonlyMap<string, IdentityState>): BatchResult {
    return this.local.correlate(identities);
  }

  /** A batch not judged (already processed, or failed) ends its turn too. */
  dispose(): void {
    this.release();
  }

  private flush(i: number): void {
    const buf = this.buffers[i]!;
    if (buf.length === 0) return;
    this.pool.send(i, { type: 'events', events: buf });
    this.buffers[i] = [];
  }

  private principalOf(e: NormalizedEvent): { part: number; identity: string } {
    let ofSource = this.principals.get(e.source);
    if (!ofSource) {
      ofSource = new Map();
      this.principals.set(e.source, ofSource);
    }
    let p = ofSource.get(e.actor.id);
    if (!p) {
      const key = `${e.source}:${e.actor.id}`;
      p = { part: partitionOf(key, this.pool.size), identity: identityKey(e) };
      ofSource.set(e.actor.id, p);
      this.principalKeys.push(key);
    }
    return p;
  }

}

function expect<T extends FromWorker['type']>(m: FromWorker, type: T): Extract<FromWorker, { type: T }> {
  if (m.type !== type) throw new Error(`detect worker answered "${m.type}" where "${type}" was expected`);
  return m as Extract<FromWorker, { type: T }>;
}
