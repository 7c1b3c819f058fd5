/** Promise-based front of the simulator Web Worker: one worker for the app, started on first use. */
import type { PolicyName, SimConfig, SimRequest, SimResult, SweepOptions, SweepPoint, SweepProgress } from '../../sim/index.ts';
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

/** A run or sweep in the worker: its outcome and a way to cancel it. */
export interface WorkerJob<Outcome> {
  readonly promise: Promise<Outcome>;
  readonly cancel: () => void;
}

export type SimRun = WorkerJob<readonly SimResult[]>;
export type SweepJob = WorkerJob<readonly SweepPoint[]>;

interface PendingJob {
  readonly onProgress: (message: SimWorkerResponse) => void;
  readonly resolve: (message: SimWorkerResponse) => void;
  readonly reject: (error: Error) => void;
}

let worker: Worker | undefined;
let nextRunId = 1;
const pending = new Map<number, PendingJob>();

function failAll(error: Error): void {
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

function handle(message: SimWorkerResponse): void {
  const job = pending.get(message.runId);
  if (job === undefined) return;
  switch (message.type) {
    case 'progress':
    case 'sweep-progress':
      job.onProgress(message);
      return;
    case 'result':
    case 'sweep-result':
      pending.delete(message.runId);
      job.resolve(message);
      return;
    case 'cancelled':
      pending.delete(message.runId);
      job.reject(new SimRunCancelled(`simulation run ${message.runId} cancelled`));
      return;
    case 'error':
      pending.delete(message.runId);
      job.reject(new Error(message.message));
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

/** Registers a job, sends the message `build` makes for its id, and maps the final message to its outcome. */
function startJob<Outcome>(
  build: (runId: number) => SimWorkerRequest,
  onProgress: (message: SimWorkerResponse) => void,
  outcome: (message: SimWorkerResponse) => Outcome,
): WorkerJob<Outcome> {
  const runId = nextRunId;
  nextRunId += 1;
  const promise = new Promise<Outcome>((resolve, reject) => {
    pending.set(runId, {
      onProgress,
      resolve: (message) => {
        try {
          resolve(outcome(message));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
      reject,
    });
  });
  post(build(runId));
  return { promise, cancel: () => post({ type: 'cancel', runId }) };
}

/** Simulates `requests` once per config, in order, in the worker. */
export function runSimulations(
  requests: readonly SimRequest[],
  configs: readonly SimConfig[],
  onProgress: (progress: SimProgress) => void,
): SimRun {
  return startJob(
    (runId) => ({ type: 'run', runId, requests, configs }),
    (message) => {
      if (message.type === 'progress') {
        onProgress({ policy: message.policy, configIndex: message.configIndex, finished: message.finished, total: message.total });
      }
    },
    (message) => {
      if (message.type !== 'result') throw new Error(`expected a result message, got ${message.type}`);
      return message.results;
    },
  );
}

/** Replays `requests` at each arrival rate under each config in the worker (see `sweepRequestRate`). */
export function runRateSweep(
  requests: readonly SimRequest[],
  configs: readonly SimConfig[],
  rates: readonly number[],
  options: SweepOptions,
  onProgress: (progress: SweepProgress) => void,
): SweepJob {
  return startJob(
    (runId) => ({ type: 'sweep', runId, requests, configs, rates, options }),
    (message) => {
      if (message.type === 'sweep-progress') {
        const { type: _type, runId: _runId, ...progress } = message;
        onProgress(progress);
      }
    },
    (message) => {
      if (message.type !== 'sweep-result') throw new Error(`expected a sweep-result message, got ${message.type}`);
      return message.points;
    },
  );
}
