/**
 * Discrete-event simulation of one LLM server with iteration-level batching.
 *
 * Each iteration first admits waiting requests under the allocation policy. The
 * batch then runs one step: a prefill for each request that joined, which also
 * yields its next output token, and one decode token for each request that was
 * already running. The clock advances by the roofline latency of that step.
 * At the end of the step, requests that reached their true output length finish
 * and, under S3, requests that filled their reservation are preempted.
 *
 * Invariants, checked step by step in the tests: the clock never goes back,
 * reserved KV never exceeds capacity, used KV never exceeds reserved KV, every
 * request finishes exactly once, and a preempted request keeps its generated tokens.
 */
import { buildCostModel, iterationLatency, prefillAttentionPairs, resolveCostConstants, type CostModel } from './costModel.ts';
import { SimulationError } from './errors.ts';
import { MAX_TIMELINE_POINTS, TimelineRecorder, type SimResult } from './metrics.ts';
import {
  DEFAULT_ADMISSION_RULE,
  initialBucket,
  nextBucket,
  outputReservation,
  preemptionsOf,
} from './policies.ts';
import type { AdmissionRule, IterationSnapshot, RequestTokens, SimConfig, SimRequest } from './types.ts';
import { checkRequestsFit, validateConfig, validateRequests } from './validation.ts';
import { seconds, type Seconds } from './units.ts';
import { WaitingQueue } from './waitingQueue.ts';

/**
 * Order in which events at the same instant are applied. Within one kind, requests go in id order.
 * 1. `finish` first, so that memory freed at this instant is available to the
 *    admission that starts the next iteration.
 * 2. `preempt` next: the request frees its memory and goes to the head of the
 *    queue, so it is first in line for the memory it gave up.
 * 3. `arrival` last: a request that arrives exactly when a step ends joins the back
 *    of the queue, behind preempted requests, in time for that admission.
 */
export const EVENT_KIND_ORDER = Object.freeze(['finish', 'preempt', 'arrival'] as const);
export type EventKind = (typeof EVENT_KIND_ORDER)[number];

export interface SimulationOptions {
  readonly onIteration?: (snapshot: IterationSnapshot) => void;
}

/**
 * A resumable simulation: `advance` runs a bounded number of iterations, so a
 * caller can interleave it with other work (a Web Worker reading cancel messages).
 */
export class Simulation {
  readonly totalRequests: number;
  private readonly config: SimConfig;
  private readonly admission: AdmissionRule;
  private readonly cost: CostModel;
  private readonly capacityTokens: number;
  private readonly onIteration: ((snapshot: IterationSnapshot) => void) | undefined;

  // Per-request state, indexed in arrival order (arrival time, then id).
  private readonly ids: Float64Array;
  private readonly inputIndex: Int32Array;
  private readonly arrivalS: Float64Array;
  private readonly prompt: Int32Array;
  private readonly output: Int32Array;
  private readonly bucket: Int32Array;
  private readonly generated: Int32Array;
  /** Current reservation: prompt plus the policy's output allocation, in tokens. */
  private readonly reservation: Int32Array;
  private readonly finishS: Float64Array;

  private readonly running: Int32Array;
  private runningCount = 0;
  private readonly preemptedScratch: Int32Array;
  private readonly queue: WaitingQueue;

  private clock: Seconds = seconds(0);
  private nextArrival = 0;
  private finishedCount = 0;
  private iteration = 0;
  private reservedTokens = 0;
  private usedTokens = 0;
  private done = false;

  private preemptions = 0;
  private recomputedTokens = 0;
  private batchSizeSum = 0;
  private peakBatchSize = 0;
  private reservedTokenSeconds = 0;
  private unusedTokenSeconds = 0;
  private readonly timeline = new TimelineRecorder(MAX_TIMELINE_POINTS);

  constructor(requests: readonly SimRequest[], config: SimConfig, options: SimulationOptions = {}) {
    validateConfig(config);
    validateRequests(requests, config);
    this.config = config;
    this.admission = config.admission ?? DEFAULT_ADMISSION_RULE[config.policy];
    this.cost = buildCostModel(resolveCostConstants(config.modelId, config.gpuId, config.cost));
    this.capacityTokens = this.cost.kvCapacityTokens;
    checkRequestsFit(requests, config, this.capacityTokens);
    this.onIteration = options.onIteration;

    const n = requests.length;
    this.totalRequests = n;
    const order = arrivalOrder(requests);
    this.ids = new Float64Array(n);
    this.inputIndex = new Int32Array(n);
    this.arrivalS = new Float64Array(n);
    this.prompt = new Int32Array(n);
    this.output = new Int32Array(n);
    this.bucket = new Int32Array(n);
    this.generated = new Int32Array(n);
    this.reservation = new Int32Array(n);
    this.finishS = new Float64Array(n).fill(Number.NaN);
    let frontSlots = 0;
    for (let i = 0; i < n; i += 1) {
      const source = order[i]!;
      const request = requests[source]!;
      this.ids[i] = request.id;
      this.inputIndex[i] = source;
      this.arrivalS[i] = request.arrivalTimeS;
      this.prompt[i] = request.promptTokens;
      this.output[i] = request.outputTokens;
      this.bucket[i] = initialBucket(config.policy, request);
      this.reservation[i] = this.reservationFor(i);
      frontSlots += preemptionsOf(config.policy, config.scheme, request);
    }
    this.running = new Int32Array(n);
    this.preemptedScratch = new Int32Array(n);
    this.queue = new WaitingQueue(frontSlots, n);
    this.done = n === 0;
  }

  get finishedRequests(): number {
    return this.finishedCount;
  }

  get isDone(): boolean {
    return this.done;
  }

  /** Runs up to `maxIterations` iterations and returns true once every request has finished. */
  advance(maxIterations: number): boolean {
    const stop = this.iteration + maxIterations;
    while (!this.done && this.iteration < stop) {
      this.enqueueArrivals();
      if (this.runningCount === 0 && this.queue.size === 0) {
        this.idleUntilNextArrival();
        continue;
      }
      this.step();
    }
    return this.done;
  }

  /** Returns the metrics of a finished run. */
  result(): SimResult {
    if (!this.done) {
      throw new SimulationError('internal', `result() called after ${this.finishedCount} of ${this.totalRequests} requests finished`);
    }
    const n = this.totalRequests;
    const finishTimesS = new Float64Array(n);
    let outputTokens = 0;
    let latencySum = 0;
    let makespan = 0;
    for (let i = 0; i < n; i += 1) {
      const finish = this.finishS[i]!;
      finishTimesS[this.inputIndex[i]!] = finish;
      outputTokens += this.output[i]!;
      latencySum += finish - this.arrivalS[i]!;
      if (finish > makespan) makespan = finish;
    }
    const perSecond = (count: number): number => (makespan > 0 ? count / makespan : 0);
    const { cost } = this;
    return {
      policy: this.config.policy,
      admission: this.admission,
      modelId: this.config.modelId,
      gpuId: this.config.gpuId,
      schemeName: this.config.scheme.name,
      requests: n,
      iterations: this.iteration,
      makespanS: makespan,
      outputTokens,
      throughputSequencesPerS: perSecond(n),
      throughputOutputTokensPerS: perSecond(outputTokens),
      meanLatencyS: n > 0 ? latencySum / n : 0,
      preemptions: this.preemptions,
      recomputedTokens: this.recomputedTokens,
      meanBatchSize: this.iteration > 0 ? this.batchSizeSum / this.iteration : 0,
      peakBatchSize: this.peakBatchSize,
      kvCapacityBytes: cost.kvCapacityBytes,
      kvCapacityTokens: cost.kvCapacityTokens,
      kvBytesPerToken: cost.kvBytesPerToken,
      meanUnusedReservedShare:
        this.reservedTokenSeconds > 0 ? this.unusedTokenSeconds / this.reservedTokenSeconds : 0,
      timeline: this.timeline.points(cost.kvBytesPerToken, makespan),
      finishTimesS,
      cost: cost.constants,
    };
  }

  private reservationFor(request: number): number {
    const { policy, scheme } = this.config;
    return this.prompt[request]! + outputReservation(policy, scheme, this.output[request]!, this.bucket[request]!);
  }

  private enqueueArrivals(): void {
    const n = this.totalRequests;
    while (this.nextArrival < n && this.arrivalS[this.nextArrival]! <= this.clock) {
      this.queue.pushBack(this.nextArrival, this.reservation[this.nextArrival]!);
      this.nextArrival += 1;
    }
  }

  private idleUntilNextArrival(): void {
    if (this.nextArrival >= this.totalRequests) {
      this.done = true;
      return;
    }
    this.timeline.record(this.clock, 0, 0, 0);
    this.clock = seconds(Math.max(this.clock, this.arrivalS[this.nextArrival]!));
  }

  private step(): void {
    const decodeTokens = this.runningCount;
    const decodeContextTokens = this.usedTokens;
    const admitted = this.onIteration ? ([] as RequestTokens[]) : undefined;
    const prefill = this.admit(admitted);
    if (this.runningCount === 0) {
      // Unreachable after checkRequestsFit: an empty GPU fits every request.
      throw new SimulationError('internal', `no waiting request fits an empty GPU at t=${this.clock} s`);
    }

    const latency = iterationLatency(this.cost, {
      prefillTokens: prefill.tokens,
      prefillAttentionPairs: prefill.attentionPairs,
      decodeTokens,
      decodeContextTokens,
    });
    const startS = this.clock;
    this.recordIterationStats(latency);
    const usedAtStart = this.usedTokens;
    const reservedAfterAdmission = this.reservedTokens;
    this.clock = seconds(startS + latency);

    const finished = this.onIteration ? ([] as RequestTokens[]) : undefined;
    const { generatedTokens, preemptedCount } = this.generateAndRelease(finished);
    const preempted = this.requeuePreempted(preemptedCount);

    if (this.onIteration) {
      this.onIteration({
        iteration: this.iteration,
        startS,
        endS: this.clock,
        batchSize: decodeTokens + prefill.count,
        reservedTokens: reservedAfterAdmission,
        usedTokens: usedAtStart + generatedTokens,
        capacityTokens: this.capacityTokens,
        admitted: admitted ?? [],
        finished: (finished ?? []).sort((a, b) => a.id - b.id),
        preempted,
      });
    }
    this.iteration += 1;
    if (this.finishedCount === this.totalRequests) this.done = true;
  }

  /** Moves waiting requests into the batch under the admission rule and sums their prefill work. */
  private admit(admitted: RequestTokens[] | undefined): { count: number; tokens: number; attentionPairs: number } {
    const queue = this.queue;
    let count = 0;
    let tokens = 0;
    let attentionPairs = 0;
    while (queue.size > 0) {
      const free = this.capacityTokens - this.reservedTokens;
      let position: number;
      if (this.admission === 'first-fit') {
        position = queue.firstAtMost(free);
      } else {
        position = queue.head();
        if (position >= 0 && queue.reservationAt(position) > free) position = -1;
      }
      if (position < 0) break;

      const request = queue.take(position);
      const alreadyGenerated = this.generated[request]!;
      const context = this.prompt[request]! + alreadyGenerated;
      this.running[this.runningCount] = request;
      this.runningCount += 1;
      this.reservedTokens += this.reservation[request]!;
      this.usedTokens += context;
      if (alreadyGenerated > 0) this.recomputedTokens += context;
      count += 1;
      tokens += context;
      attentionPairs += prefillAttentionPairs(context);
      admitted?.push({ id: this.ids[request]!, generatedTokens: alreadyGenerated });
    }
    return { count, tokens, attentionPairs };
  }

  private recordIterationStats(latency: Seconds): void {
    const batchSize = this.runningCount;
    this.batchSizeSum += batchSize;
    if (batchSize > this.peakBatchSize) this.peakBatchSize = batchSize;
    this.reservedTokenSeconds += this.reservedTokens * latency;
    this.unusedTokenSeconds += (this.reservedTokens - this.usedTokens) * latency;
    this.timeline.record(this.clock, batchSize, this.reservedTokens, this.usedTokens);
  }

  /**
   * Gives every running request its token for this step, then releases finished
   * requests and collects overflowing ones in `preemptedScratch`.
   */
  private generateAndRelease(finished: RequestTokens[] | undefined): { generatedTokens: number; preemptedCount: number } {
    const running = this.running;
    const generated = this.generated;
    const output = this.output;
    const prompt = this.prompt;
    const reservation = this.reservation;
    let count = this.runningCount;
    let generatedTokens = 0;
    let preemptedCount = 0;
    let i = 0;
    while (i < count) {
      const request = running[i]!;
      let tokensSoFar = generated[request]!;
      const target = output[request]!;
      if (tokensSoFar < target) {
        tokensSoFar += 1;
        generated[request] = tokensSoFar;
        generatedTokens += 1;
      }
      const context = prompt[request]! + tokensSoFar;
      if (tokensSoFar === target) {
        this.finishS[request] = this.clock;
        this.finishedCount += 1;
        finished?.push({ id: this.ids[request]!, generatedTokens: tokensSoFar });
      } else if (context === reservation[request]) {
        this.preemptedScratch[preemptedCount] = request;
        preemptedCount += 1;
      } else {
        i += 1;
        continue;
      }
      // Release the request's memory and swap the last running request into slot i,
      // which the loop visits next.
      this.reservedTokens -= reservation[request]!;
      this.usedTokens -= context;
      count -= 1;
      running[i] = running[count]!;
    }
    this.runningCount = count;
    // Released contexts above already included this step's token.
    this.usedTokens += generatedTokens;
    return { generatedTokens, preemptedCount };
  }

  /** Requeues this step's preempted requests at the head, in id order, with the next bucket's reservation. */
  private requeuePreempted(preemptedCount: number): RequestTokens[] {
    if (preemptedCount === 0) return [];
    const ids = this.ids;
    const preempted = this.preemptedScratch.subarray(0, preemptedCount).sort((a, b) => ids[a]! - ids[b]!);
    const { scheme } = this.config;
    const snapshot: RequestTokens[] = [];
    for (const request of preempted) {
      const bucket = this.bucket[request]!;
      const bigger = nextBucket(scheme, bucket);
      if (bigger === bucket) {
        // Unreachable: the last bucket's allocation covers every valid output length.
        throw new SimulationError('internal', `request ${ids[request]} overflowed the last bucket`);
      }
      this.bucket[request] = bigger;
      this.reservation[request] = this.reservationFor(request);
      this.preemptions += 1;
      if (this.onIteration) snapshot.push({ id: ids[request]!, generatedTokens: this.generated[request]! });
    }
    this.queue.pushFront(preempted, this.reservation);
    return snapshot;
  }
}

/** Returns input indices sorted by (arrival time, id), skipping the sort when already in that order. */
function arrivalOrder(requests: readonly SimRequest[]): Int32Array {
  const n = requests.length;
  const order = new Int32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i += 1) {
    order[i] = i;
    if (i > 0 && compareArrival(requests[i - 1]!, requests[i]!) > 0) sorted = false;
  }
  if (!sorted) order.sort((a, b) => compareArrival(requests[a]!, requests[b]!));
  return order;
}

function compareArrival(a: SimRequest, b: SimRequest): number {
  return a.arrivalTimeS - b.arrivalTimeS || a.id - b.id;
}
