import { parentPort, workerData } from 'node:worker_threads';
import { fixedClock } from '../../core/clock.ts';
import { DetectionRun, type DayJudgement } from '../../core/engine.ts';
import type { Signal } from '../../core/detectors/types.ts';
import { TenantFirstSeen } from '../../core/tenant-first-seen.ts';
import type { FromWorker, ToWorker, WorkerInit } from './messages.ts';

/**
 * A detect worker of `replay --workers`: judges one partition of each batch's principals with the core's
 * DetectionRun, step by step as the coordinator (parallel-run.ts) asks, so the batch's days stay in time order across
 * partitions.
 */
const port = parentPort;
if (!port) throw new Error('detect-worker runs in a worker thread');
const { config } = workerData as WorkerInit;

let run: DetectionRun | undefined;
let tenantFirst = new TenantFirstSeen();

const current = (): DetectionRun => {
  if (!run) {
    tenantFirst = new TenantFirstSeen();
    // The clock is set per batch by `prepare`; the core reads it only when correlating, which the coordinator does.
    run = new DetectionRun(config, fixedClock(0), { tenantFirst });
  }
  return run;
};

/** Signals reference the principal's batch (its buckets): only its names cross to the coordinator. */
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

function handle(msg: ToWorker): FromWorker | undefined {
  switch (msg.type) {
    case 'events': {
      const r = current();
      for (const e of msg.events) r.add(e);
      return undefined;
    }
    case 'prepare': {
      const r = current();
      tenantFirst.absorb(msg.tenantFirst);
      return { type: 'days', days: r.prepare({ profiles: new Map(msg.profiles), tenant: msg.tenant }, msg.batchId) };
    }
    case 'day': {
      const r = current();
      r.applyPeers(msg.peers);
      return { type: 'judged', judgement: plain(r.judgeDay(msg.day)) };
    }
    case 'complete': {
      const r = current();
      r.complete();
      run = undefined;
      return { type: 'completed', part: r.partitionProfiles() };
    }
  }
}

port.on('message', (msg: ToWorker) => {
  let reply: FromWorker | undefined;
  try {
    reply = handle(msg);
  } catch (err) {
    run = undefined;
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { type: 'failed', message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  }
  if (reply) port.postMessage(reply);
});
