/** Promise-based front of the simulator Web Worker: one worker for the app, started on first use. */
import type { PolicyName, SimConfig, SimRequest, SimResult } from '../../sim/index.ts';
import type { SimWorkerRequest, SimWorkerResponse } from '../../worker/simProtocol.ts';

export class SimRunCancelled extends Error {
  override readonly name = 'SimRunCancelled';
}

export interface SimProgress {
  readonly policy: PolicyName;
  readonly configIndex: number;
  readonly finished: number;
  readonly total: number;
}

export interface SimRun {
  readonly promise: Promise<readonly SimResult[]>;
  readonly cancel: () => void;
}

interface PendingRun {
  readonly onProgress: (progress: SimProgress) => void;
  readonly resolve: (results: readonly SimResult[]) => void;
  readonly reject: (error: Error) => void;
}

let worker: Worker | undefined;
let nextRunId = 1;
const pending = new Map<number, PendingRun>();

function failAll(error: Error): void {
  for (const run of pending.values()) run.reject(error);
  pending.clear();
}

function handle(message: SimWorkerResponse): void {
  const run = pending.get(message.runId);
  if (run === undefined) return;
  switch (message.type) {
    case 'progress':
      run.onProgress({ policy: message.policy, configIndex: message.configIndex, finished: message.finished, total: message.total });
      return;
    case 'result':
      pending.delete(message.runId);
      run.resolve(message.results);
      return;
    case 'cancelled':
      pending.delete(message.runId);
      run.reject(new SimRunCancelled(`simulation run ${message.runId} cancelled`));
      return;
    case 'error':
      pending.delete(message.runId);
      run.reject(new Error(message.message));
      return;
  }
}

function simWorker(): Worker {
  if (worker !== undefined) return worker;
  const created = new Worker(new URL('../../worker/simWorker.ts', import.meta.url), { type: 'module' });
  created.addEventListener('message', (event: MessageEvent<SimWorkerResponse>) => handle(event.data));
  created.addEventListener('error', (event) => {
    failAll(new Error(`simulator worker crashed: ${event.message}`));
    // A crashed worker is not reused, so the next run starts a fresh one.
    created.terminate();
    worker = undefined;
  });
  worker = created;
  return created;
}

function post(message: SimWorkerRequest): void {
  simWorker().postMessage(message);
}

/** Simulates `requests` once per config, in order, in the worker. */
export function runSimulations(
  requests: readonly SimRequest[],
  configs: readonly SimConfig[],
  onProgress: (progress: SimProgress) => void,
): SimRun {
  const runId = nextRunId;
  nextRunId += 1;
  const promise = new Promise<readonly SimResult[]>((resolve, reject) => {
    pending.set(runId, { onProgress, resolve, reject });
  });
  post({ type: 'run', runId, requests, configs });
  return { promise, cancel: () => post({ type: 'cancel', runId }) };
}
