/**
 * The Simulate view's scheduling choices: which policies run, the S³ supervisor and
 * allocation options, the paged block size and vLLM's per-step limits, shortest-job-first,
 * the arrival rate of generated arrivals, the latency SLO and the arrivals of a load
 * sweep. Kept as the text the user typed and turned into simulator inputs with one
 * flag per invalid field. The headless CLI builds the same `ResolvedScheduling` from its flags.
 */
import {
  DEFAULT_BLOCK_SIZE_TOKENS,
  DEFAULT_S3_EPSILON,
  DEFAULT_SJF_AGING_S,
  POLICY_NAMES,
  VLLM_DEFAULT_KV_WATERMARK,
  VLLM_DEFAULT_MAX_NUM_SEQS,
  type ArrivalProcess,
  type LatencySlo,
  type PolicyName,
  type S3AllocationRule,
  type S3OverflowRule,
  type SimConfig,
} from '../../sim/index.ts';
import type { ArrivalMode } from './simInputs.ts';

/** Policies run by default: the three the S³ comparison has always shown. */
export const DEFAULT_POLICIES: readonly PolicyName[] = Object.freeze(['max-length', 's3', 'oracle']);
/** Requests per second of generated arrivals until the user types another rate. */
export const DEFAULT_ARRIVAL_RATE = 10;
/** Coefficient of variation of Gamma gaps until the user types another: 2, burstier than Poisson. */
export const DEFAULT_ARRIVAL_CV = 2;
/** Rates of a load sweep until the user types others, in requests per second. */
export const DEFAULT_SWEEP_RATES = '2, 5, 10, 20, 40';

export type SloMetric = 'e2e' | 'ttft';

/** Arrival process of a load sweep: Poisson, or Gamma with the sweep's coefficient of variation. */
export type SweepArrivals = 'poisson' | 'gamma';

export interface SchedulingSettings {
  readonly policies: readonly PolicyName[];
  readonly s3Allocation: S3AllocationRule;
  readonly epsilonText: string;
  readonly s3Overflow: S3OverflowRule;
  /** S³ admits by decreasing first fit instead of the shared admission rule. */
  readonly s3DecreasingFirstFit: boolean;
  readonly blockSizeText: string;
  /** Paged: vLLM's `max_num_seqs`. */
  readonly maxNumSeqsText: string;
  /** Paged: vLLM's `max_num_batched_tokens`; empty for vLLM's default of the model. */
  readonly maxBatchedTokensText: string;
  /** Paged: vLLM's free-block watermark, a share of the KV blocks. */
  readonly kvWatermarkText: string;
  /** Max-length, S³ and oracle: sequences per step; empty for no cap. */
  readonly otherMaxNumSeqsText: string;
  readonly sjf: boolean;
  readonly agingText: string;
  readonly arrivalRateText: string;
  readonly arrivalCvText: string;
  readonly sloMetric: SloMetric;
  /** Empty for no SLO. */
  readonly sloMsText: string;
  readonly sweepRatesText: string;
  readonly sweepArrivals: SweepArrivals;
  readonly sweepCvText: string;
}

export const DEFAULT_SCHEDULING: SchedulingSettings = Object.freeze({
  policies: DEFAULT_POLICIES,
  s3Allocation: 'most-likely',
  epsilonText: String(DEFAULT_S3_EPSILON),
  s3Overflow: 'preempt',
  s3DecreasingFirstFit: false,
  blockSizeText: String(DEFAULT_BLOCK_SIZE_TOKENS),
  maxNumSeqsText: String(VLLM_DEFAULT_MAX_NUM_SEQS),
  maxBatchedTokensText: '',
  kvWatermarkText: String(VLLM_DEFAULT_KV_WATERMARK),
  otherMaxNumSeqsText: '',
  sjf: false,
  agingText: String(DEFAULT_SJF_AGING_S),
  arrivalRateText: String(DEFAULT_ARRIVAL_RATE),
  arrivalCvText: String(DEFAULT_ARRIVAL_CV),
  sloMetric: 'e2e',
  sloMsText: '',
  sweepRatesText: DEFAULT_SWEEP_RATES,
  sweepArrivals: 'poisson',
  sweepCvText: String(DEFAULT_ARRIVAL_CV),
});

export interface SchedulingErrors {
  readonly policies: boolean;
  readonly epsilon: boolean;
  readonly blockSize: boolean;
  readonly maxNumSeqs: boolean;
  readonly maxBatchedTokens: boolean;
  readonly kvWatermark: boolean;
  readonly otherMaxNumSeqs: boolean;
  readonly aging: boolean;
  readonly arrivalRate: boolean;
  readonly arrivalCv: boolean;
  readonly slo: boolean;
  readonly sweepRates: boolean;
  readonly sweepCv: boolean;
}

export interface ResolvedScheduling {
  /** Chosen policies in `POLICY_NAMES` order. */
  readonly policies: readonly PolicyName[];
  readonly s3Allocation: S3AllocationRule;
  readonly s3Epsilon: number;
  readonly s3Overflow: S3OverflowRule;
  readonly s3DecreasingFirstFit: boolean;
  readonly blockSizeTokens: number;
  /** Paged batch limits; `maxBatchedTokens` is null for vLLM's default of the model. */
  readonly pagedLimits: { readonly maxNumSeqs: number; readonly maxBatchedTokens: number | null; readonly kvWatermark: number };
  /** Sequence cap of max-length, S³ and oracle, Infinity for none. */
  readonly otherMaxNumSeqs: number;
  readonly sjf: boolean;
  readonly sjfAgingS: number;
  readonly arrivalRatePerS: number;
  readonly arrivalCv: number;
  readonly slo: LatencySlo | null;
  readonly sweepRates: readonly number[];
  /** Coefficient of variation of the sweep's gaps: a number for Gamma arrivals, null for Poisson. */
  readonly sweepCv: number | null;
}

export type SchedulingResolution =
  | { readonly ok: true; readonly value: ResolvedScheduling }
  | { readonly ok: false; readonly errors: SchedulingErrors };

function parseNumber(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

function isPositive(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

function isWholeAtLeastOne(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1;
}

/** Parses comma-separated positive rates, returning null when any is invalid or none is given. */
export function parseRates(text: string): number[] | null {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const rates = parts.map(Number);
  if (rates.length === 0 || !rates.every(isPositive)) return null;
  return [...new Set(rates)].sort((a, b) => a - b);
}

/**
 * Checks the fields a run reads: those that only some choices read are checked only
 * when read, and the sweep rates only when `checkSweepRates` is true.
 */
export function resolveScheduling(settings: SchedulingSettings, arrivals: ArrivalMode, checkSweepRates: boolean): SchedulingResolution {
  const policies = POLICY_NAMES.filter((policy) => settings.policies.includes(policy));
  const epsilon = parseNumber(settings.epsilonText);
  const blockSize = parseNumber(settings.blockSizeText);
  const aging = parseNumber(settings.agingText);
  const rate = parseNumber(settings.arrivalRateText);
  const cv = parseNumber(settings.arrivalCvText);
  const sloMs = settings.sloMsText.trim() === '' ? null : parseNumber(settings.sloMsText);
  const sweepRates = parseRates(settings.sweepRatesText);
  const sweepCv = parseNumber(settings.sweepCvText);
  const generated = arrivals === 'poisson' || arrivals === 'gamma';
  const maxNumSeqs = parseNumber(settings.maxNumSeqsText);
  const maxBatchedTokens = settings.maxBatchedTokensText.trim() === '' ? null : parseNumber(settings.maxBatchedTokensText);
  const kvWatermark = parseNumber(settings.kvWatermarkText);
  const otherMaxNumSeqs = settings.otherMaxNumSeqsText.trim() === '' ? Number.POSITIVE_INFINITY : parseNumber(settings.otherMaxNumSeqsText);
  const runsPaged = policies.includes('paged');

  const errors: SchedulingErrors = {
    policies: policies.length === 0,
    epsilon: settings.s3Allocation === 'cumulative' && !(epsilon >= 0 && epsilon < 1),
    blockSize: !isWholeAtLeastOne(blockSize),
    maxNumSeqs: runsPaged && !isWholeAtLeastOne(maxNumSeqs),
    maxBatchedTokens: runsPaged && maxBatchedTokens !== null && !isWholeAtLeastOne(maxBatchedTokens),
    kvWatermark: runsPaged && !(kvWatermark >= 0 && kvWatermark < 1),
    otherMaxNumSeqs: otherMaxNumSeqs !== Number.POSITIVE_INFINITY && !isWholeAtLeastOne(otherMaxNumSeqs),
    aging: settings.sjf && !isPositive(aging),
    arrivalRate: generated && !isPositive(rate),
    arrivalCv: arrivals === 'gamma' && !isPositive(cv),
    slo: sloMs !== null && !isPositive(sloMs),
    sweepRates: checkSweepRates && sweepRates === null,
    sweepCv: checkSweepRates && settings.sweepArrivals === 'gamma' && !isPositive(sweepCv),
  };
  if (Object.values(errors).some(Boolean)) return { ok: false, errors };
  let slo: LatencySlo | null = null;
  if (sloMs !== null) slo = settings.sloMetric === 'e2e' ? { e2eS: sloMs / 1000 } : { ttftS: sloMs / 1000 };
  return {
    ok: true,
    value: {
      policies,
      s3Allocation: settings.s3Allocation,
      s3Epsilon: Number.isFinite(epsilon) ? epsilon : DEFAULT_S3_EPSILON,
      s3Overflow: settings.s3Overflow,
      s3DecreasingFirstFit: settings.s3DecreasingFirstFit,
      blockSizeTokens: blockSize,
      pagedLimits: {
        maxNumSeqs: isWholeAtLeastOne(maxNumSeqs) ? maxNumSeqs : VLLM_DEFAULT_MAX_NUM_SEQS,
        maxBatchedTokens,
        kvWatermark: kvWatermark >= 0 && kvWatermark < 1 ? kvWatermark : VLLM_DEFAULT_KV_WATERMARK,
      },
      otherMaxNumSeqs,
      sjf: settings.sjf,
      sjfAgingS: isPositive(aging) ? aging : DEFAULT_SJF_AGING_S,
      arrivalRatePerS: rate,
      arrivalCv: cv,
      slo,
      sweepRates: sweepRates ?? [],
      sweepCv: settings.sweepArrivals === 'gamma' && isPositive(sweepCv) ? sweepCv : null,
    },
  };
}

/**
 * Returns the scheduling part of a policy's config. Paged keeps vLLM's FCFS admission,
 * ignores the S³ fields and gets vLLM's per-step limits. The other policies get the
 * sequence cap when one is set.
 */
export function schedulingConfig(policy: PolicyName, scheduling: ResolvedScheduling): Partial<SimConfig> {
  return {
    ...batchLimitsConfig(policy, scheduling),
    ordering: scheduling.sjf ? 'sjf' : 'fcfs',
    sjfAgingS: scheduling.sjfAgingS,
    s3Allocation: scheduling.s3Allocation,
    s3Epsilon: scheduling.s3Epsilon,
    s3Overflow: scheduling.s3Overflow,
    blockSizeTokens: scheduling.blockSizeTokens,
    ...(scheduling.slo === null ? {} : { slo: scheduling.slo }),
    ...(policy === 's3' && scheduling.s3DecreasingFirstFit && !scheduling.sjf ? { admission: 'decreasing-first-fit' as const } : {}),
  };
}

function batchLimitsConfig(policy: PolicyName, scheduling: ResolvedScheduling): Partial<SimConfig> {
  if (policy !== 'paged') {
    return Number.isFinite(scheduling.otherMaxNumSeqs) ? { maxNumSeqs: scheduling.otherMaxNumSeqs } : {};
  }
  const { maxNumSeqs, maxBatchedTokens, kvWatermark } = scheduling.pagedLimits;
  return { maxNumSeqs, kvWatermark, ...(maxBatchedTokens === null ? {} : { maxBatchedTokens }) };
}

/** Returns the arrival process of a run under the arrival mode of the settings. */
export function arrivalProcessFor(mode: ArrivalMode, scheduling: ResolvedScheduling): ArrivalProcess {
  switch (mode) {
    case 'trace':
      return { kind: 'trace' };
    case 'burst':
      return { kind: 'offline' };
    case 'poisson':
      return { kind: 'poisson', ratePerS: scheduling.arrivalRatePerS };
    case 'gamma':
      return { kind: 'gamma', ratePerS: scheduling.arrivalRatePerS, cv: scheduling.arrivalCv };
  }
}
