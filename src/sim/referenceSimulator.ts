/**
 * A slow, literal re-implementation of the simulator's rules for tests only: every
 * step visits every running and waiting request, with plain arrays and no heaps,
 * segment trees or closed-form token counts. The property tests require the fast
 * engine (`engine.ts`) to produce exactly the same iterations, so a shortcut in the
 * engine that changes behaviour shows up as a difference here.
 */
import { allocationOf, type BucketScheme } from '../predictor/buckets.ts';
import { costModelFor, iterationLatency, prefillAttentionPairs } from './costModel.ts';
import {
  batchLimits,
  blocksFor,
  DEFAULT_ADMISSION_RULE,
  DEFAULT_BLOCK_SIZE_TOKENS,
  DEFAULT_SJF_AGING_S,
  initialBucket,
  nextBucket,
  outputReservation,
  sjfKey,
  type ReservationPolicy,
} from './policies.ts';
import type { IterationSnapshot, RequestTokens, SimConfig, SimRequest } from './types.ts';

interface State {
  readonly request: SimRequest;
  /** Position in (arrival time, id) order. */
  readonly arrivalIndex: number;
  readonly rankKey: number;
  bucket: number;
  generated: number;
  /** Reserved tokens, or allocated blocks times the block size under `paged`. */
  kvTokens: number;
  firstTokenS: number;
  finishS: number;
}

export interface ReferenceResult {
  readonly snapshots: IterationSnapshot[];
  /** In input order. */
  readonly finishTimesS: number[];
  readonly firstTokenTimesS: number[];
  readonly preemptions: number;
  readonly inPlaceExtensions: number;
  readonly recomputedTokens: number;
}

export function referenceSimulate(requests: readonly SimRequest[], config: SimConfig): ReferenceResult {
  const cost = costModelFor(config);
  const capacity = cost.kvCapacityTokens;
  const paged = config.policy === 'paged';
  const blockSize = paged ? (config.blockSizeTokens ?? DEFAULT_BLOCK_SIZE_TOKENS) : 1;
  const capacityHeld = paged ? Math.floor(capacity / blockSize) * blockSize : capacity;
  const admission = config.admission ?? DEFAULT_ADMISSION_RULE[config.policy];
  const ordering = config.ordering ?? 'fcfs';
  const agingS = config.sjfAgingS ?? DEFAULT_SJF_AGING_S;
  const scheme: BucketScheme = config.scheme;
  const limits = batchLimits(config);
  const watermarkTokens = Math.floor(limits.kvWatermark * Math.floor(capacity / blockSize)) * blockSize;

  const byArrival = [...requests].sort((a, b) => a.arrivalTimeS - b.arrivalTimeS || a.id - b.id);
  const states: State[] = byArrival.map((request, arrivalIndex) => {
    const bucket = initialBucket(config, request).bucket;
    return { request, arrivalIndex, rankKey: 0, bucket, generated: 0, kvTokens: 0, firstTokenS: Number.NaN, finishS: Number.NaN };
  });
  const reservationOf = (state: State): number =>
    state.request.promptTokens +
    outputReservation(config.policy as ReservationPolicy, scheme, state.request.outputTokens, state.bucket);
  const blocksToRun = (state: State): number =>
    blocksFor(state.request.promptTokens + state.generated + (state.generated < state.request.outputTokens ? 1 : 0), blockSize);
  const queueSize = (state: State): number => (paged ? blocksToRun(state) * blockSize : reservationOf(state));
  const rankKeys = new Map<State, number>();
  for (const state of states) {
    if (ordering === 'sjf') rankKeys.set(state, sjfKey(config, state.request, state.bucket));
    else if (admission === 'decreasing-first-fit') rankKeys.set(state, -queueSize(state));
    else rankKeys.set(state, 0);
  }
  const mainOrder = (a: State, b: State): number => rankKeys.get(a)! - rankKeys.get(b)! || a.arrivalIndex - b.arrivalIndex;

  let front: State[] = [];
  const promoted: State[] = [];
  const main: State[] = [];
  let running: State[] = [];
  let clock = 0;
  let nextArrival = 0;
  let finished = 0;
  let preemptions = 0;
  let extensions = 0;
  let recomputed = 0;
  const snapshots: IterationSnapshot[] = [];
  const reserved = (): number => running.reduce((sum, state) => sum + state.kvTokens, 0);
  const used = (): number => running.reduce((sum, state) => sum + state.request.promptTokens + state.generated, 0);
  const queueLength = (): number => front.length + promoted.length + main.length;

  while (finished < states.length) {
    while (nextArrival < states.length && states[nextArrival]!.request.arrivalTimeS <= clock) {
      main.push(states[nextArrival]!);
      main.sort(mainOrder);
      nextArrival += 1;
    }
    if (running.length === 0 && queueLength() === 0) {
      clock = Math.max(clock, states[nextArrival]!.request.arrivalTimeS);
      continue;
    }

    // Paged: a block for every running request whose next token does not fit, oldest first.
    const preempted: RequestTokens[] = [];
    if (paged) {
      const victims: State[] = [];
      for (const state of [...running]) {
        if (!running.includes(state)) break;
        const tokens = state.request.promptTokens + state.generated;
        if (tokens + 1 <= state.kvTokens) continue;
        while (reserved() + blockSize > capacityHeld) {
          const victim = running.pop()!;
          preempted.push({ id: victim.request.id, generatedTokens: victim.generated });
          victim.kvTokens = 0;
          victims.push(victim);
          preemptions += 1;
          if (victim === state) break;
        }
        if (running.includes(state)) state.kvTokens += blockSize;
      }
      front = [...victims.reverse(), ...front];
    }
    if (ordering === 'sjf' && Number.isFinite(agingS)) {
      for (const state of [...main].sort((a, b) => a.arrivalIndex - b.arrivalIndex)) {
        if (state.request.arrivalTimeS < clock - agingS) {
          main.splice(main.indexOf(state), 1);
          promoted.push(state);
        }
      }
    }

    const decodeTokens = running.length;
    const decodeContextTokens = used();
    const admitted: RequestTokens[] = [];
    const joined: State[] = [];
    let prefillTokens = 0;
    let prefillPairs = 0;
    if (preempted.length === 0) {
      for (;;) {
        const queue = [...front, ...promoted, ...main];
        if (queue.length === 0 || running.length >= limits.maxNumSeqs) break;
        const emptyBatch = running.length === 0;
        const room = capacityHeld - reserved() - (emptyBatch ? 0 : watermarkTokens);
        const candidate = admission === 'fcfs' ? queue.slice(0, 1).find((state) => queueSize(state) <= room) : queue.find((state) => queueSize(state) <= room);
        if (candidate === undefined) break;
        const candidateTokens = candidate.request.promptTokens + candidate.generated;
        if (joined.length > 0 && prefillTokens + candidateTokens > limits.maxBatchedTokens) break;
        for (const list of [front, promoted, main]) {
          const index = list.indexOf(candidate);
          if (index >= 0) list.splice(index, 1);
        }
        const context = candidate.request.promptTokens + candidate.generated;
        candidate.kvTokens = queueSize(candidate);
        running.push(candidate);
        joined.push(candidate);
        if (candidate.generated > 0) recomputed += context;
        prefillTokens += context;
        prefillPairs += prefillAttentionPairs(context);
        admitted.push({ id: candidate.request.id, generatedTokens: candidate.generated });
      }
    }

    const latency = iterationLatency(cost, {
      prefillRequests: joined.length,
      prefillTokens,
      prefillAttentionPairs: prefillPairs,
      decodeTokens,
      decodeContextTokens,
    });
    const reservedAfterAdmission = reserved();
    const startS = clock;
    clock = startS + latency;
    for (const state of joined) if (Number.isNaN(state.firstTokenS)) state.firstTokenS = clock;

    for (const state of running) if (state.generated < state.request.outputTokens) state.generated += 1;
    const usedAtEnd = used();
    const done = running.filter((state) => state.generated === state.request.outputTokens);
    for (const state of done) {
      state.finishS = clock;
      finished += 1;
    }
    running = running.filter((state) => !done.includes(state));
    const extended: RequestTokens[] = [];
    if (config.policy === 's3') {
      const overflowing = running
        .filter((state) => state.request.promptTokens + state.generated === state.kvTokens)
        .sort((a, b) => a.request.id - b.request.id);
      const requeued: State[] = [];
      for (const state of overflowing) {
        state.bucket = nextBucket(scheme, state.bucket);
        const grown = state.request.promptTokens + allocationOf(scheme, state.bucket);
        if (config.s3Overflow === 'extend-or-preempt' && grown - state.kvTokens <= capacity - reserved()) {
          state.kvTokens = grown;
          extensions += 1;
          extended.push({ id: state.request.id, generatedTokens: state.generated });
          continue;
        }
        running = running.filter((other) => other !== state);
        state.kvTokens = 0;
        preemptions += 1;
        requeued.push(state);
        preempted.push({ id: state.request.id, generatedTokens: state.generated });
      }
      front = [...requeued, ...front];
    }

    snapshots.push({
      iteration: snapshots.length,
      startS,
      endS: clock,
      batchSize: decodeTokens + joined.length,
      reservedTokens: reservedAfterAdmission,
      usedTokens: usedAtEnd,
      capacityTokens: capacity,
      admitted,
      finished: done.map((state) => ({ id: state.request.id, generatedTokens: state.generated })).sort((a, b) => a.id - b.id),
      preempted,
      extended,
      prefillTokens,
    });
  }

  const inInputOrder = (pick: (state: State) => number): number[] => {
    const byRequest = new Map(states.map((state) => [state.request, pick(state)]));
    return requests.map((request) => byRequest.get(request)!);
  };
  return {
    snapshots,
    finishTimesS: inInputOrder((state) => state.finishS),
    firstTokenTimesS: inInputOrder((state) => state.firstTokenS),
    preemptions,
    inPlaceExtensions: extensions,
    recomputedTokens: recomputed,
  };
}
