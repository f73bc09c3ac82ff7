import type { Config } from '../../core/config.ts';
import { fixedClock } from '../../core/clock.ts';
import { DetectionRun, type DayJudgement } from '../../core/engine.ts';
import type { Signal } from '../../core/detectors/types.ts';
import { TenantFirstSeen } from '../../core/tenant-first-seen.ts';
import type { FromWorker, ToWorker } from './messages.ts';

/**
 * Judges one partition of each batch's principals with the core's DetectionRun, step by step as the coordinator
 * (parallel-run.ts) asks: in a worker thread (detect-worker.ts) or on the coordinator's own thread.
 */
export class PartitionJudge {
  private run: DetectionRun | undefined;
  private tenantFirst = new TenantFirstSeen();

  constructor(private readonly config: Config) {}

  /** The answer to a message (none to `events`); a failure is answered as `failed` and drops the batch. */
  handle(msg: ToWorker): FromWorker | undefined {
    try {
      return this.step(msg);
    } catch (err) {
      this.run = undefined;
      const e = err instanceof Error ? err : new Error(String(err));
      return { type: 'failed', message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
    }
  }

  private step(msg: ToWorker): FromWorker | undefined {
    const r = this.current();
    switch (msg.type) {
      case 'events':
        for (const e of msg.events) r.add(e);
        return undefined;
      case 'prepare':
        this.tenantFirst.absorb(msg.tenantFirst);
        return { type: 'days', days: r.prepare({ profiles: new Map(msg.profiles), tenant: msg.tenant }, msg.batchId) };
      case 'day':
        r.applyPeers(msg.peers);
        return { type: 'judged', judgement: plain(r.judgeDay(msg.day)) };
      case 'complete':
        r.complete();
        this.run = undefined;
        return { type: 'completed', part: r.partitionProfiles() };
    }
  }

  private current(): DetectionRun {
    if (!this.run) {
      this.tenantFirst = new TenantFirstSeen();
      // The core reads the clock only when correlating, which the coordinator does.
      this.run = new DetectionRun(this.config, fixedClock(0), { tenantFirst: this.tenantFirst });
    }
    return this.run;
  }
}

/** Signals reference the principal's batch (its buckets): only its names go to the coordinator. */
function plain(judgement: DayJudgement): DayJudgement {
  for (const p of judgement.principals) {
    for (const { signal } of p.pending) {
      const pb = signal.principal;
      const ref: Signal['principal'] = { key: pb.key, source: pb.source, actorId: pb.actorId, actorType: pb.actorType, identity: pb.identity, email: pb.email, name: pb.name };
      signal.principal = ref;
    }
  }
  return judgement;
}
