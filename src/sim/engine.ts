/**
 * Discrete-event simulation of one LLM server with iteration-level batching.
 *
 * Each iteration first schedules: under `paged`, running requests get the KV blocks
 * their next token needs, preempting the most recently admitted ones when no block
 * is free. Then waiting requests are admitted under the admission rule and the
 * per-step limits on sequences, tokens and free memory (`BatchLimits`). The batch
 * runs one step: a prefill for each request that joined, which also yields its next
 * output token, and one decode token for each request that was already running. The
 * clock advances by the roofline latency of that step. At the end of the step,
 * requests that reached their true output length finish and, under S³, requests
 * that filled their reservation overflow (see `EVENT_KIND_ORDER`).
 *
 * Every running request gains exactly one token per step, so the step at which it
 * finishes or overflows is known when it is admitted. Those events wait in a heap,
 * and a step touches only the requests with an event in it. Under `paged`, a request
 * needs a new block every `blockSize` steps. Running requests are therefore grouped
 * by the step, modulo the block size, at which they need one. A step allocates a
 * whole group at once unless the free blocks run out.
 *
 * Invariants, checked step by step in the tests: the clock never goes back,
 * reserved KV (or allocated blocks) never exceeds capacity, used KV never exceeds
 * reserved KV, every request finishes exactly once, and a preempted request keeps
 * its generated tokens.
 */
import { costModelFor, iterationLatency, prefillAttentionPairs, type CostModel } from './costModel.ts';
import { SimulationError } from './errors.ts';
import { EventHeap } from './eventHeap.ts';
import { latencySummary, sloAttainment } from './latencyMetrics.ts';
import { MAX_TIMELINE_POINTS, TimelineRecorder, type SimResult } from './metrics.ts';
import {
  batchLimits,
  blocksFor,
  DEFAULT_ADMISSION_RULE,
  DEFAULT_BLOCK_SIZE_TOKENS,
  DEFAULT_S3_EPSILON,
  DEFAULT_SJF_AGING_S,
  initialBucket,
  nextBucket,
  outputReservation,
  preemptionsOf,
  sjfKey,
  type ReservationPolicy,
} from './policies.ts';
import { modelPreset } from './presets.ts';
import type { AdmissionRule, IterationSnapshot, QueueOrdering, RequestTokens, SimConfig, SimRequest } from './types.ts';
import { checkRequestsFit, validateConfig, validateRequests } from './validation.ts';
import { seconds, type Seconds } from './units.ts';
import { WaitingQueue } from './waitingQueue.ts';

/**
 * Order in which events at the same instant are applied. Within one kind, requests go in id order.
 * 1. `finish` first, so that memory freed at this instant is available to the
 *    overflows and to the admission that starts the next iteration.
 * 2. `overflow` next: an S³ request that filled its reservation either grows it in
 *    place, when the memory free at that point covers the next bucket, or is
 *    preempted. A preempted request frees its memory, which later overflows in id
 *    order may use, and goes to the head of the queue, first in line for the memory it gave up.
 * 3. `arrival` last: a request that arrives exactly when a step ends joins the back
 *    of the queue, behind preempted requests, in time for that admission.
 * The next iteration's scheduling follows all of them. Under `paged` it gives blocks
 * to running requests in admission order (oldest first, as vLLM walks its running
 * list) and preempts the most recently admitted request while none is free.
 */
export const EVENT_KIND_ORDER = Object.freeze(['finish', 'overflow', 'arrival'] as const);
export type EventKind = (typeof EVENT_KIND_ORDER)[number];

export interface SimulationOptions {
  readonly onIteration?: (snapshot: IterationSnapshot) => void;
}

interface PrefillWork {
  count: number;
  tokens: number;
  attentionPairs: number;
  /** Admitted requests with nothing to generate (output length 0), which yield no token this step. */
  silent: number;
}

/**
 * A resumable simulation: `advance` runs a bounded number of iterations, so a
 * caller can interleave it with other work (a Web Worker reading cancel messages).
 */
export class Simulation {
  readonly totalRequests: number;
  private readonly config: SimConfig;
  private readonly admission: AdmissionRule;
  private readonly ordering: QueueOrdering;
  private readonly agingS: number;
  private readonly paged: boolean;
  private readonly extendInPlace: boolean;
  /** Tokens per block under `paged`; 1 under the reservation policies, whose unit is the token. */
  private readonly blockSize: number;
  private readonly cost: CostModel;
  private readonly capacityTokens: number;
  /** Capacity in the unit the queue compares against: blocks under `paged`, else tokens. */
  private readonly capacityUnits: number;
  private readonly maxNumSeqs: number;
  private readonly maxBatchedTokens: number;
  private readonly kvWatermark: number;
  /** Capacity units admission keeps free: floor(kvWatermark × capacityUnits). */
  private readonly watermarkUnits: number;
  private readonly onIteration: ((snapshot: IterationSnapshot) => void) | undefined;
  private readonly allocationFallbacks: number;

  // Per-request state, indexed in arrival order (arrival time, then id).
  private readonly ids: Float64Array;
  private readonly inputIndex: Int32Array;
  private readonly arrivalS: Float64Array;
  private readonly prompt: Int32Array;
  private readonly output: Int32Array;
  private readonly bucket: Int32Array;
  /** Output tokens generated when the request last stopped running (preempted or finished). */
  private readonly generated: Int32Array;
  /** KV tokens a reservation policy reserves for the request. Unused under `paged`, whose blocks follow from its tokens. */
  private readonly reservation: Int32Array;
  /** Size the queue compares with free memory: the reservation in tokens, or blocks needed under `paged`. */
  private readonly queueSize: Int32Array;
  /** Iteration of the request's latest admission and its generated tokens then. */
  private readonly anchorIteration: Float64Array;
  private readonly anchorGenerated: Int32Array;
  /** Bumped to cancel the request's pending event in the heap. */
  private readonly eventVersion: Int32Array;
  private readonly firstTokenS: Float64Array;
  private readonly finishS: Float64Array;

  /** Running requests in admission order, oldest first. */
  private readonly running: AdmissionOrderList;
  private runningCount = 0;
  /**
   * `paged` only: running requests grouped by block phase, each group in admission
   * order. Group c holds the requests that need a new block at the start of every
   * step s with (c + s) mod blockSize = 0.
   */
  private readonly phaseGroups: AdmissionOrderList[];
  private readonly phaseOf: Int32Array;
  private readonly events = new EventHeap();
  private readonly queue: WaitingQueue;
  private readonly admittedScratch: Int32Array;
  private admittedCount = 0;
  private readonly overflowScratch: Int32Array;
  private readonly preemptedScratch: Int32Array;

  private clock: Seconds = seconds(0);
  private nextArrival = 0;
  private agingCursor = 0;
  private finishedCount = 0;
  private iteration = 0;
  private reservedTokens = 0;
  private usedTokens = 0;
  private done = false;

  private preemptions = 0;
  private extensions = 0;
  private stepsLimitedBySequences = 0;
  private stepsLimitedByTokens = 0;
  private stepsLimitedByWatermark = 0;
  private recomputedTokens = 0;
  private batchSizeSum = 0;
  private peakBatchSize = 0;
  private busySeconds = 0;
  private reservedTokenSeconds = 0;
  private unusedTokenSeconds = 0;
  private readonly timeline = new TimelineRecorder(MAX_TIMELINE_POINTS);

  constructor(requests: readonly SimRequest[], config: SimConfig, options: SimulationOptions = {}) {
    validateConfig(config);
    validateRequests(requests, config);
    this.config = config;
    this.admission = config.admission ?? DEFAULT_ADMISSION_RULE[config.policy];
    this.ordering = config.ordering ?? 'fcfs';
    this.agingS = config.sjfAgingS ?? DEFAULT_SJF_AGING_S;
    this.paged = config.policy === 'paged';
    this.extendInPlace = config.policy === 's3' && config.s3Overflow === 'extend-or-preempt';
    this.blockSize = this.paged ? (config.blockSizeTokens ?? DEFAULT_BLOCK_SIZE_TOKENS) : 1;
    this.cost = costModelFor(config);
    this.capacityTokens = this.cost.kvCapacityTokens;
    this.capacityUnits = Math.floor(this.capacityTokens / this.blockSize);
    const limits = batchLimits(config);
    this.maxNumSeqs = limits.maxNumSeqs;
    this.maxBatchedTokens = limits.maxBatchedTokens;
    this.kvWatermark = limits.kvWatermark;
    this.watermarkUnits = Math.floor(limits.kvWatermark * this.capacityUnits);
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
    this.queueSize = new Int32Array(n);
    this.anchorIteration = new Float64Array(n);
    this.anchorGenerated = new Int32Array(n);
    this.eventVersion = new Int32Array(n);
    this.firstTokenS = new Float64Array(n).fill(Number.NaN);
    this.finishS = new Float64Array(n).fill(Number.NaN);
    const sortKeys = this.ordering === 'sjf' ? new Float64Array(n) : undefined;
    let frontSlots = 0;
    let fallbacks = 0;
    for (let i = 0; i < n; i += 1) {
      const source = order[i]!;
      const request = requests[source]!;
      const start = initialBucket(config, request);
      if (start.fellBack) fallbacks += 1;
      this.ids[i] = request.id;
      this.inputIndex[i] = source;
      this.arrivalS[i] = request.arrivalTimeS;
      this.prompt[i] = request.promptTokens;
      this.output[i] = request.outputTokens;
      this.bucket[i] = start.bucket;
      if (this.paged) {
        this.queueSize[i] = this.blocksToRun(i, 0);
      } else {
        this.reservation[i] = this.reservationFor(i);
        this.queueSize[i] = this.reservation[i]!;
      }
      frontSlots += preemptionsOf(config.policy, config.scheme, request, start.bucket);
      if (sortKeys) sortKeys[i] = sjfKey(config, request, start.bucket);
    }
    this.allocationFallbacks = fallbacks;
    this.running = new AdmissionOrderList(n);
    this.phaseGroups = this.paged ? Array.from({ length: this.blockSize }, () => new AdmissionOrderList(n)) : [];
    this.phaseOf = new Int32Array(this.paged ? n : 0);
    this.admittedScratch = new Int32Array(n);
    this.overflowScratch = new Int32Array(n);
    this.preemptedScratch = new Int32Array(n);
    // Paged preemptions are not known in advance. A first guess saves most regrowth of the queue.
    if (this.paged) frontSlots = Math.max(frontSlots, n >> 4);
    this.queue = new WaitingQueue(frontSlots, n, this.queueOptions(sortKeys));
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
    const firstTokenTimesS = new Float64Array(n);
    let outputTokens = 0;
    let latencySum = 0;
    let makespan = 0;
    for (let i = 0; i < n; i += 1) {
      const finish = this.finishS[i]!;
      finishTimesS[this.inputIndex[i]!] = finish;
      firstTokenTimesS[this.inputIndex[i]!] = this.firstTokenS[i]!;
      outputTokens += this.output[i]!;
      latencySum += finish - this.arrivalS[i]!;
      if (finish > makespan) makespan = finish;
    }
    const perSecond = (count: number): number => (makespan > 0 ? count / makespan : 0);
    const times = { arrivalS: this.arrivalS, firstTokenS: this.firstTokenS, finishS: this.finishS, outputTokens: this.output };
    const { cost, config } = this;
    return {
      policy: config.policy,
      admission: this.admission,
      ordering: this.ordering,
      sjfAgingS: this.ordering === 'sjf' ? this.agingS : null,
      s3:
        config.policy === 's3'
          ? {
              allocation: config.s3Allocation ?? 'most-likely',
              epsilon: config.s3Epsilon ?? DEFAULT_S3_EPSILON,
              overflow: config.s3Overflow ?? 'preempt',
            }
          : null,
      blockSizeTokens: this.paged ? this.blockSize : null,
      batchLimits: {
        maxNumSeqs: finiteOrNull(this.maxNumSeqs),
        maxBatchedTokens: finiteOrNull(this.maxBatchedTokens),
        kvWatermark: this.kvWatermark,
      },
      stepsLimitedBy: {
        sequences: this.stepsLimitedBySequences,
        tokens: this.stepsLimitedByTokens,
        watermark: this.stepsLimitedByWatermark,
      },
      modelId: config.modelId,
      gpuId: config.gpuId,
      dtype: config.dtype ?? modelPreset(config.modelId).dtype,
      tensorParallel: cost.tensorParallel,
      mixedIterations: cost.mixedIterations,
      latencyTableFile: cost.latencyTable?.fileName ?? null,
      schemeName: config.scheme.name,
      requests: n,
      iterations: this.iteration,
      makespanS: makespan,
      outputTokens,
      throughputSequencesPerS: perSecond(n),
      throughputOutputTokensPerS: perSecond(outputTokens),
      meanLatencyS: n > 0 ? latencySum / n : 0,
      latency: latencySummary(times),
      slo: config.slo ?? null,
      sloAttainment: sloAttainment(times, config.slo),
      preemptions: this.preemptions,
      recomputedTokens: this.recomputedTokens,
      inPlaceExtensions: this.extensions,
      allocationFallbacks: this.allocationFallbacks,
      meanBatchSize: this.iteration > 0 ? this.batchSizeSum / this.iteration : 0,
      peakBatchSize: this.peakBatchSize,
      kvCapacityBytes: cost.kvCapacityBytes,
      kvCapacityTokens: cost.kvCapacityTokens,
      kvBytesPerToken: cost.kvBytesPerToken,
      meanUnusedReservedShare:
        this.reservedTokenSeconds > 0 ? this.unusedTokenSeconds / this.reservedTokenSeconds : 0,
      meanUnusedReservedTokens: this.busySeconds > 0 ? this.unusedTokenSeconds / this.busySeconds : 0,
      timeline: this.timeline.points(cost.kvBytesPerToken, makespan),
      finishTimesS,
      firstTokenTimesS,
      cost: cost.constants,
    };
  }

  /** Ranks for the queue's main region: shortest predicted output under `sjf`, largest size under decreasing first fit. */
  private queueOptions(sortKeys: Float64Array | undefined): { ranks?: Int32Array; promotedSlots?: number } {
    const n = this.totalRequests;
    let keys: Float64Array | undefined = sortKeys;
    if (keys === undefined && this.admission === 'decreasing-first-fit') {
      keys = new Float64Array(n);
      for (let i = 0; i < n; i += 1) keys[i] = -this.queueSize[i]!;
    }
    if (keys === undefined) return {};
    const byKey = new Int32Array(n);
    for (let i = 0; i < n; i += 1) byKey[i] = i;
    const sortKeyOf = keys;
    // Ties keep arrival order, which is also index order.
    byKey.sort((a, b) => sortKeyOf[a]! - sortKeyOf[b]! || a - b);
    const ranks = new Int32Array(n);
    for (let rank = 0; rank < n; rank += 1) ranks[byKey[rank]!] = rank;
    const aging = this.ordering === 'sjf' && Number.isFinite(this.agingS);
    return aging ? { ranks, promotedSlots: n } : { ranks };
  }

  private reservationFor(request: number): number {
    const policy = this.config.policy as ReservationPolicy;
    return this.prompt[request]! + outputReservation(policy, this.config.scheme, this.output[request]!, this.bucket[request]!);
  }

  /** Blocks a `paged` request needs to run its next step, having generated `generated` tokens. */
  private blocksToRun(request: number, generated: number): number {
    const nextToken = generated < this.output[request]! ? 1 : 0;
    return blocksFor(this.prompt[request]! + generated + nextToken, this.blockSize);
  }

  private enqueueArrivals(): void {
    const n = this.totalRequests;
    while (this.nextArrival < n && this.arrivalS[this.nextArrival]! <= this.clock) {
      this.queue.pushBack(this.nextArrival, this.queueSize[this.nextArrival]!);
      this.nextArrival += 1;
    }
  }

  /** Under `sjf`, moves requests that have waited longer than the aging limit ahead of the shortest-first order. */
  private promoteAged(): void {
    const limit = this.clock - this.agingS;
    while (this.agingCursor < this.nextArrival && this.arrivalS[this.agingCursor]! < limit) {
      this.queue.promote(this.agingCursor);
      this.agingCursor += 1;
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
    const tracing = this.onIteration !== undefined;
    const preempted: RequestTokens[] | undefined = tracing ? [] : undefined;
    const startPreemptions = this.paged ? this.allocateBlocks(preempted) : 0;
    if (this.ordering === 'sjf' && Number.isFinite(this.agingS)) this.promoteAged();

    const decodeTokens = this.runningCount;
    const decodeContextTokens = this.usedTokens;
    const admitted: RequestTokens[] | undefined = tracing ? [] : undefined;
    // After a preemption vLLM schedules no waiting request in that step, so the
    // preempted request is not readmitted into the memory it just gave up.
    const prefill = startPreemptions > 0 ? emptyPrefill() : this.admit(admitted);
    if (this.runningCount === 0) {
      // Unreachable after checkRequestsFit: an empty GPU fits every request.
      throw new SimulationError('internal', `no waiting request fits an empty GPU at t=${this.clock} s`);
    }

    const latency = iterationLatency(this.cost, {
      prefillRequests: prefill.count,
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
    this.recordFirstTokens();

    const generatedTokens = this.runningCount - prefill.silent;
    this.usedTokens += generatedTokens;
    const finished: RequestTokens[] | undefined = tracing ? [] : undefined;
    const extended: RequestTokens[] | undefined = tracing ? [] : undefined;
    this.applyEndOfStepEvents(finished, extended, preempted);

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
        preempted: preempted ?? [],
        extended: extended ?? [],
        prefillTokens: prefill.tokens,
      });
    }
    this.iteration += 1;
    if (this.finishedCount === this.totalRequests) this.done = true;
  }

  /**
   * Moves waiting requests into the batch under the admission rule and the batch
   * limits, and sums their prefill work. Admission stops at the first request that
   * breaks a limit, and the step is counted against that limit.
   */
  private admit(admitted: RequestTokens[] | undefined): PrefillWork {
    const queue = this.queue;
    const work = emptyPrefill();
    while (queue.size > 0) {
      if (this.runningCount >= this.maxNumSeqs) {
        this.stepsLimitedBySequences += 1;
        break;
      }
      // A request that joins an empty batch ignores the watermark, so every request can run.
      const emptyBatch = this.runningCount === 0;
      const free = this.capacityUnits - this.reservedTokens / this.blockSize;
      const room = emptyBatch ? free : free - this.watermarkUnits;
      let position: number;
      if (this.admission === 'fcfs') {
        position = queue.head();
        if (position >= 0 && queue.sizeAt(position) > room) position = -1;
      } else {
        // First fit in queue order. Under decreasing first fit the main region is ranked by size, largest first.
        position = queue.firstAtMost(room);
      }
      if (position < 0) {
        if (room < free && this.fitsWithoutWatermark(free)) this.stepsLimitedByWatermark += 1;
        break;
      }

      const request = queue.requestIndexAt(position);
      const alreadyGenerated = this.generated[request]!;
      const context = this.prompt[request]! + alreadyGenerated;
      // The first request to join a step ignores the token budget, so a longer prefill runs alone.
      if (work.count > 0 && work.tokens + context > this.maxBatchedTokens) {
        this.stepsLimitedByTokens += 1;
        break;
      }
      queue.take(position);
      this.startRunning(request, alreadyGenerated);
      this.reservedTokens += this.paged ? this.queueSize[request]! * this.blockSize : this.reservation[request]!;
      this.usedTokens += context;
      if (alreadyGenerated > 0) this.recomputedTokens += context;
      if (alreadyGenerated === this.output[request]!) work.silent += 1;
      work.count += 1;
      work.tokens += context;
      work.attentionPairs += prefillAttentionPairs(context);
      this.admittedScratch[this.admittedCount] = request;
      this.admittedCount += 1;
      admitted?.push({ id: this.ids[request]!, generatedTokens: alreadyGenerated });
    }
    return work;
  }

  /** True when the admission rule would take a waiting request if the watermark were 0. */
  private fitsWithoutWatermark(free: number): boolean {
    if (this.admission !== 'fcfs') return this.queue.firstAtMost(free) >= 0;
    const head = this.queue.head();
    return head >= 0 && this.queue.sizeAt(head) <= free;
  }

  private startRunning(request: number, alreadyGenerated: number): void {
    this.running.append(request);
    this.runningCount += 1;
    this.anchorIteration[request] = this.iteration;
    this.anchorGenerated[request] = alreadyGenerated;
    if (this.paged) {
      // Before step s the request holds prompt + generated + (s - anchor) tokens, and its
      // next token needs a new block when that count is a multiple of the block size.
      const phase = positiveModulo(this.prompt[request]! + alreadyGenerated - this.iteration, this.blockSize);
      this.phaseOf[request] = phase;
      this.phaseGroups[phase]!.append(request);
    }
    this.scheduleNextEvent(request);
  }

  private stopRunning(request: number): void {
    this.running.remove(request);
    this.runningCount -= 1;
    if (this.paged) this.phaseGroups[this.phaseOf[request]!]!.remove(request);
    this.eventVersion[request] = this.eventVersion[request]! + 1;
  }

  /** Returns the output tokens a running request has generated before iteration `iteration` runs. */
  private generatedBefore(request: number, iteration: number): number {
    return this.anchorGenerated[request]! + (iteration - this.anchorIteration[request]!);
  }

  /** Returns the iteration at whose end a running request generates its last token. */
  private finishIteration(request: number): number {
    const remaining = this.output[request]! - this.anchorGenerated[request]!;
    return this.anchorIteration[request]! + Math.max(0, remaining - 1);
  }

  /** Pushes the running request's next event, keyed by the iteration at whose end it happens: its finish, or its S³ overflow. */
  private scheduleNextEvent(request: number): void {
    let iteration = this.finishIteration(request);
    if (this.config.policy === 's3') {
      const allocation = this.reservation[request]! - this.prompt[request]!;
      if (allocation < this.output[request]!) {
        iteration = this.anchorIteration[request]! + allocation - this.anchorGenerated[request]! - 1;
      }
    }
    const version = this.eventVersion[request]! + 1;
    this.eventVersion[request] = version;
    this.events.push(iteration, this.ids[request]!, request, version);
  }

  /**
   * Gives each running `paged` request whose next token needs a new block one block,
   * oldest admission first, preempting the most recently admitted running request
   * while none is free. Returns the number of preemptions.
   */
  private allocateBlocks(preempted: RequestTokens[] | undefined): number {
    const group = this.phaseGroups[positiveModulo(-this.iteration, this.blockSize)]!;
    const freeBlocks = this.capacityUnits - this.reservedTokens / this.blockSize;
    if (group.size <= freeBlocks) {
      this.reservedTokens += group.size * this.blockSize;
      return 0;
    }
    let victims = 0;
    let request = group.first;
    while (request >= 0) {
      while (this.reservedTokens / this.blockSize >= this.capacityUnits) {
        const victim = this.running.last;
        const generated = this.generatedBefore(victim, this.iteration);
        this.preempt(victim, generated);
        this.preemptedScratch[victims] = victim;
        victims += 1;
        preempted?.push({ id: this.ids[victim]!, generatedTokens: generated });
        if (victim === request) break;
      }
      // Victims are the newest running requests, so once the requester itself is one,
      // every later member of its group is one too.
      if (!this.running.contains(request)) break;
      this.reservedTokens += this.blockSize;
      request = group.next(request);
    }
    // Victims were chosen newest first. Requeue them oldest first at the head, as
    // vLLM's repeated prepends leave them.
    this.queue.pushFront(this.preemptedScratch.subarray(0, victims).reverse(), this.queueSize);
    return victims;
  }

  /** Releases a running request's memory and records its progress. The caller requeues it. */
  private preempt(request: number, generated: number): void {
    const context = this.prompt[request]! + generated;
    this.stopRunning(request);
    this.reservedTokens -= this.heldTokens(request, context);
    this.usedTokens -= context;
    this.generated[request] = generated;
    this.preemptions += 1;
    if (this.paged) this.queueSize[request] = this.blocksToRun(request, generated);
  }

  /**
   * KV tokens a running request holds while its context is `contextTokens`: its
   * reservation, or under `paged` the whole blocks that context fills. Blocks are
   * allocated exactly when a token needs one, so they follow from the context.
   */
  private heldTokens(request: number, contextTokens: number): number {
    return this.paged ? blocksFor(contextTokens, this.blockSize) * this.blockSize : this.reservation[request]!;
  }

  private recordFirstTokens(): void {
    for (let i = 0; i < this.admittedCount; i += 1) {
      const request = this.admittedScratch[i]!;
      if (Number.isNaN(this.firstTokenS[request]!)) this.firstTokenS[request] = this.clock;
    }
    this.admittedCount = 0;
  }

  /** Applies the finish and overflow events of the step that just ended, in `EVENT_KIND_ORDER`. */
  private applyEndOfStepEvents(
    finished: RequestTokens[] | undefined,
    extended: RequestTokens[] | undefined,
    preempted: RequestTokens[] | undefined,
  ): void {
    const endKey = this.iteration;
    const events = this.events;
    let overflowCount = 0;
    while (events.peekKey() <= endKey) {
      const request = events.peekRequest();
      const version = events.peekVersion();
      const key = events.peekKey();
      events.pop();
      if (version !== this.eventVersion[request]) continue;
      if (key < endKey) throw new SimulationError('internal', `request index ${request} missed its event at key ${key}`);
      if (this.finishIteration(request) === this.iteration) {
        this.finish(request);
        finished?.push({ id: this.ids[request]!, generatedTokens: this.output[request]! });
      } else {
        this.overflowScratch[overflowCount] = request;
        overflowCount += 1;
      }
    }
    if (overflowCount > 0) this.applyOverflows(overflowCount, extended, preempted);
  }

  private finish(request: number): void {
    this.stopRunning(request);
    this.finishS[request] = this.clock;
    this.finishedCount += 1;
    const context = this.prompt[request]! + this.output[request]!;
    this.generated[request] = this.output[request]!;
    this.reservedTokens -= this.heldTokens(request, context);
    this.usedTokens -= context;
  }

  /**
   * Handles S³ requests that filled their reservation, in id order: each grows its
   * reservation in place when allowed and free memory covers the next bucket, else it
   * is preempted. Preempted requests go to the head of the queue in id order.
   */
  private applyOverflows(
    count: number,
    extended: RequestTokens[] | undefined,
    preempted: RequestTokens[] | undefined,
  ): void {
    const ids = this.ids;
    const overflowing = this.overflowScratch.subarray(0, count).sort((a, b) => ids[a]! - ids[b]!);
    const { scheme } = this.config;
    let preemptedCount = 0;
    for (const request of overflowing) {
      const bucket = this.bucket[request]!;
      const bigger = nextBucket(scheme, bucket);
      if (bigger === bucket) {
        // Unreachable: the last bucket's allocation covers every valid output length.
        throw new SimulationError('internal', `request ${ids[request]} overflowed the last bucket`);
      }
      const generated = this.reservation[request]! - this.prompt[request]!;
      this.bucket[request] = bigger;
      const grown = this.reservationFor(request);
      const growth = grown - this.reservation[request]!;
      if (this.extendInPlace && growth <= this.capacityTokens - this.reservedTokens) {
        this.reservation[request] = grown;
        this.reservedTokens += growth;
        this.extensions += 1;
        this.scheduleNextEvent(request);
        extended?.push({ id: ids[request]!, generatedTokens: generated });
        continue;
      }
      this.preempt(request, generated);
      this.reservation[request] = grown;
      this.queueSize[request] = grown;
      this.preemptedScratch[preemptedCount] = request;
      preemptedCount += 1;
      preempted?.push({ id: ids[request]!, generatedTokens: generated });
    }
    if (preemptedCount > 0) this.queue.pushFront(this.preemptedScratch.subarray(0, preemptedCount), this.queueSize);
  }

  private recordIterationStats(latency: Seconds): void {
    const batchSize = this.runningCount;
    this.batchSizeSum += batchSize;
    if (batchSize > this.peakBatchSize) this.peakBatchSize = batchSize;
    this.busySeconds += latency;
    this.reservedTokenSeconds += this.reservedTokens * latency;
    this.unusedTokenSeconds += (this.reservedTokens - this.usedTokens) * latency;
    this.timeline.record(this.clock, batchSize, this.reservedTokens, this.usedTokens);
  }
}

/**
 * Requests in admission order as a doubly linked list over request indices, with
 * O(1) append, removal and access to both ends.
 */
class AdmissionOrderList {
  private readonly previous: Int32Array;
  private readonly following: Int32Array;
  private readonly member: Uint8Array;
  first = -1;
  last = -1;
  size = 0;

  constructor(capacity: number) {
    this.previous = new Int32Array(capacity);
    this.following = new Int32Array(capacity);
    this.member = new Uint8Array(capacity);
  }

  contains(request: number): boolean {
    return this.member[request] === 1;
  }

  /** Returns the request after `request`, or -1 at the end. */
  next(request: number): number {
    return this.following[request]!;
  }

  append(request: number): void {
    this.previous[request] = this.last;
    this.following[request] = -1;
    if (this.last >= 0) this.following[this.last] = request;
    else this.first = request;
    this.last = request;
    this.member[request] = 1;
    this.size += 1;
  }

  remove(request: number): void {
    const before = this.previous[request]!;
    const after = this.following[request]!;
    if (before >= 0) this.following[before] = after;
    else this.first = after;
    if (after >= 0) this.previous[after] = before;
    else this.last = before;
    this.member[request] = 0;
    this.size -= 1;
  }
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function positiveModulo(value: number, divisor: number): number {
  const remainder = value % divisor;
  return remainder < 0 ? remainder + divisor : remainder;
}

function emptyPrefill(): PrefillWork {
  return { count: 0, tokens: 0, attentionPairs: 0, silent: 0 };
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
