/**
 * Latency of one iteration from rooflines, or from a measured latency table when the
 * cost model has one.
 *
 * Roofline of a phase: max(HBM bytes / bandwidth, FLOPs / peak), plus the time of the
 * tensor-parallel all-reduces of its tokens. A prefill-only or decode-only iteration pays
 * its phase's roofline. An iteration that both prefills joining requests and decodes
 * running ones is timed by `MixedIterationMode`. Every iteration then adds the
 * per-iteration overhead once.
 */
import type { CostModel } from './costModel.ts';
import { interpolateLatency, type GridLookup } from './latencyTable.ts';
import { bytes, computeTime, flops, seconds, transferTime, type Seconds } from './units.ts';

/**
 * Timing of an iteration that both prefills and decodes.
 * - `fused`: one forward pass over all tokens, as ORCA's selective batching runs it.
 *   The weights are read once and one roofline covers the combined traffic and FLOPs,
 *   so a short prefill can hide under a memory-bound decode.
 * - `separate`: a prefill pass, then a decode pass: the time a server spends when it
 *   schedules prefill and decode in different steps, as vLLM did before chunked prefill.
 *   Each pass reads the weights and pays its own roofline.
 * `fused` is the default because iteration-level batching, as ORCA and vLLM with
 * chunked prefill run it, puts the prefills of joining requests and the decodes of
 * running ones into one forward pass. `separate` models vLLM's V0 scheduler without
 * chunked prefill, which runs a prefill-only step whenever requests join.
 */
export type MixedIterationMode = 'fused' | 'separate';
export const MIXED_ITERATION_MODES: readonly MixedIterationMode[] = Object.freeze(['fused', 'separate']);

/** The work of one iteration: a prefill for each request that joins, one decode token for each that was running. */
export interface IterationWork {
  /** Tokens prefilled this iteration: prompt plus any recomputed output of every joining request. */
  readonly prefillTokens: number;
  /** Causal (query, key) pairs of those prefills: c(c + 1) / 2 for a prefill of c tokens. */
  readonly prefillAttentionPairs: number;
  /** Requests that were already running, each decoding one token. */
  readonly decodeTokens: number;
  /** KV-cache tokens the decoding requests read: the sum of their contexts. */
  readonly decodeContextTokens: number;
  /**
   * Requests that join this iteration. Only a latency table reads it, as the batch size
   * of the prefill. When absent, it is taken as 1 if `prefillTokens` > 0, else 0.
   */
  readonly prefillRequests?: number;
}

/** Roofline of one phase, with its parts, so a UI can show which bound applies. */
export interface RooflinePhase {
  readonly memoryTime: Seconds;
  readonly computeTime: Seconds;
  readonly allReduceTime: Seconds;
  /** max(memoryTime, computeTime) + allReduceTime. */
  readonly time: Seconds;
  readonly bound: 'memory' | 'compute';
}

export interface IterationCost {
  readonly source: 'fused-roofline' | 'separate-rooflines' | 'latency-table';
  /**
   * Time of the prefill when it is timed on its own (separate rooflines, a per-phase
   * table), 0 without prefill work, or null when one figure covers the whole iteration.
   */
  readonly prefillTime: Seconds | null;
  /** Time of the decode, under the same rules as `prefillTime`. */
  readonly decodeTime: Seconds | null;
  /** Forward-pass time before the overhead. */
  readonly passTime: Seconds;
  /** Per-iteration overhead added, 0 with a latency table because a measured step includes it. */
  readonly overhead: Seconds;
  readonly latency: Seconds;
  /** Latency-table lookups whose coordinates lay outside the table and were clamped to its edge. */
  readonly clampedLookups: number;
}

function rooflinePhase(model: CostModel, trafficBytes: number, totalFlops: number, tokensProcessed: number): RooflinePhase {
  const memoryTime = transferTime(bytes(trafficBytes), model.memoryBandwidth);
  const flopTime = computeTime(flops(totalFlops), model.peakFlops);
  const allReduceTime = seconds(tokensProcessed * model.allReduceTimePerToken);
  return {
    memoryTime,
    computeTime: flopTime,
    allReduceTime,
    time: seconds(Math.max(memoryTime, flopTime) + allReduceTime),
    bound: flopTime > memoryTime ? 'compute' : 'memory',
  };
}

/**
 * Roofline of a prefill of `prefillTokens` tokens with `attentionPairs` causal pairs.
 * Traffic: all weights once and the K and V written for every token. FLOPs: 2 per
 * parameter per token plus attention over each token's predecessors and itself.
 */
export function prefillRoofline(model: CostModel, prefillTokens: number, attentionPairs: number): RooflinePhase {
  const traffic = model.weightBytes + prefillTokens * model.kvBytesPerToken;
  const work = prefillTokens * model.linearFlopsPerToken + attentionPairs * model.attentionFlopsPerPair;
  return rooflinePhase(model, traffic, work, prefillTokens);
}

/**
 * Roofline of one decode step of `decodeTokens` requests whose contexts hold
 * `decodeContextTokens` tokens in total. Traffic: all weights once, the KV cache of
 * those contexts, and the K and V written for each new token. FLOPs: 2 per parameter
 * per token plus attention of each new token over its context and itself.
 */
export function decodeRoofline(model: CostModel, decodeTokens: number, decodeContextTokens: number): RooflinePhase {
  const kvTokensMoved = decodeContextTokens + decodeTokens;
  const traffic = model.weightBytes + kvTokensMoved * model.kvBytesPerToken;
  const work = decodeTokens * model.linearFlopsPerToken + kvTokensMoved * model.attentionFlopsPerPair;
  return rooflinePhase(model, traffic, work, decodeTokens);
}

/**
 * Roofline of a fused pass: the weights once, the KV cache of both phases, the FLOPs of
 * both phases, and the all-reduces of every token.
 */
function fusedRoofline(model: CostModel, work: IterationWork): RooflinePhase {
  const kvTokensMoved = work.decodeContextTokens + work.decodeTokens + work.prefillTokens;
  const traffic = model.weightBytes + kvTokensMoved * model.kvBytesPerToken;
  const tokensProcessed = work.prefillTokens + work.decodeTokens;
  const attentionPairs = work.prefillAttentionPairs + work.decodeContextTokens + work.decodeTokens;
  const totalFlops = tokensProcessed * model.linearFlopsPerToken + attentionPairs * model.attentionFlopsPerPair;
  return rooflinePhase(model, traffic, totalFlops, tokensProcessed);
}

function tableCost(model: CostModel, work: IterationWork): IterationCost {
  const table = model.latencyTable!;
  const prefillRequests = work.prefillRequests ?? (work.prefillTokens > 0 ? 1 : 0);
  const lookups: GridLookup[] = [];
  if (table.kind === 'whole-step') {
    const batchSize = prefillRequests + work.decodeTokens;
    let passTime = seconds(0);
    if (batchSize > 0) {
      const lookup = interpolateLatency(table.step, batchSize, work.prefillTokens + work.decodeContextTokens);
      lookups.push(lookup);
      passTime = lookup.latencyS;
    }
    return {
      source: 'latency-table',
      prefillTime: null,
      decodeTime: null,
      passTime,
      overhead: seconds(0),
      latency: passTime,
      clampedLookups: lookups.filter((lookup) => lookup.clamped).length,
    };
  }

  let prefillTime = seconds(0);
  let decodeTime = seconds(0);
  if (prefillRequests > 0 && work.prefillTokens > 0) {
    const lookup = interpolateLatency(table.prefill, prefillRequests, work.prefillTokens);
    lookups.push(lookup);
    prefillTime = lookup.latencyS;
  }
  if (work.decodeTokens > 0) {
    const lookup = interpolateLatency(table.decode, work.decodeTokens, work.decodeContextTokens);
    lookups.push(lookup);
    decodeTime = lookup.latencyS;
  }
  const passTime = seconds(prefillTime + decodeTime);
  return {
    source: 'latency-table',
    prefillTime,
    decodeTime,
    passTime,
    overhead: seconds(0),
    latency: passTime,
    clampedLookups: lookups.filter((lookup) => lookup.clamped).length,
  };
}

/**
 * Returns the latency of one iteration and its parts. With a latency table, the
 * table's interpolated latencies replace the rooflines and the overhead, because a
 * measured step already includes the server's per-step work.
 */
export function iterationCost(model: CostModel, work: IterationWork): IterationCost {
  if (model.latencyTable !== null) return tableCost(model, work);
  const overhead = model.iterationOverhead;
  if (model.mixedIterations === 'fused') {
    const passTime = fusedRoofline(model, work).time;
    return {
      source: 'fused-roofline',
      prefillTime: null,
      decodeTime: null,
      passTime,
      overhead,
      latency: seconds(passTime + overhead),
      clampedLookups: 0,
    };
  }
  const prefillTime = work.prefillTokens > 0 ? prefillRoofline(model, work.prefillTokens, work.prefillAttentionPairs).time : seconds(0);
  const decodeTime = work.decodeTokens > 0 ? decodeRoofline(model, work.decodeTokens, work.decodeContextTokens).time : seconds(0);
  const passTime = seconds(prefillTime + decodeTime);
  return {
    source: 'separate-rooflines',
    prefillTime,
    decodeTime,
    passTime,
    overhead,
    latency: seconds(passTime + overhead),
    clampedLookups: 0,
  };
}

/** Returns the latency of one iteration: `iterationCost(model, work).latency`. */
export function iterationLatency(model: CostModel, work: IterationWork): Seconds {
  return iterationCost(model, work).latency;
}

/** Causal attention pairs of a prefill of `promptTokens` tokens. */
export function prefillAttentionPairs(promptTokens: number): number {
  return (promptTokens * (promptTokens + 1)) / 2;
}
