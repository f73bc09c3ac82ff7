import { parentPort, workerData } from 'node:worker_threads';
import type { ToWorker, WorkerInit } from './messages.ts';
import { PartitionJudge } from './partition-judge.ts';

/** A detect worker thread of `replay --workers`: one partition's PartitionJudge, answering in message order. */
const port = parentPort;
if (!port) throw new Error('detect-worker runs in a worker thread');
const judge = new PartitionJudge((workerData as WorkerInit).config);
port.on('message', (msg: ToWorker) => {
  const reply = judge.handle(msg);
  if (reply) port.postMessage(reply);
});
