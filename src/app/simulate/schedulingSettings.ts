/**
 * The Simulate view's scheduling choices: which policies run, the S³ supervisor and
 * allocation options, the paged block size, shortest-job-first, the arrival rate of
 * generated arrivals, the latency SLO and the rates of a load sweep. Kept as the text
 * the user typed and turned into simulator inputs with one flag per invalid field.
 */
import {
  DEFAULT_BLOCK_SIZE_TOKENS,
  DEFAULT_S3_EPSILON,
  DEFAULT_SJF_AGING_S,
  POLICY_NAMES,
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

export interface SchedulingSettings {
  readonly policies: readonly PolicyName[];
  readonly s3Allocation: S3AllocationRule;
  readonly epsilonText: string;
  readonly s3Overflow: S3OverflowRule;
  /** S³ admits by decreasing first fit instead of the shared admission rule. */
  readonly s3DecreasingFirstFit: boolean;
  readonly blockSizeText: string;
  readonly sjf: boolean;
  readonly agingText: string;
  readonly arrivalRateText: string;
  readonly arrivalCvText: string;
  readonly sloMetric: SloMetric;
  /** Empty for no SLO. */
  readonly sloMsText: string;
  readonly sweepRatesText: string;
}

export const DEFAULT_SCHEDULING: SchedulingSettings = Object.freeze({
  policies: DEFAULT_POLICIES,
  s3Allocation: 'most-likely',
  epsilonText: String(DEFAULT_S3_EPSILON),
  s3Overflow: 'preempt',
  s3DecreasingFirstFit: false,
  blockSizeText: String(DEFAULT_BLOCK_SIZE_TOKENS),
  sjf: false,
  agingText: String(DEFAULT_SJF_AGING_S),
  arrivalRateText: String(DEFAULT_ARRIVAL_RATE),
  arrivalCvText: String(DEFAULT_ARRIVAL_CV),
  sloMetric: 'e2e',
  sloMsText: '',
  sweepRatesText: DEFAULT_SWEEP_RATES,
});

export interface SchedulingErrors {
  readonly policies: boolean;
  readonly epsilon: boolean;
  readonly blockSize: boolean;
  readonly aging: boolean;
  readonly arrivalRate: boolean;
  readonly arrivalCv: boolean;
  readonly slo: boolean;
  readonly sweepRates: boolean;
}

export interface ResolvedScheduling {
  /** Chosen policies in `POLICY_NAMES` order. */
  readonly policies: readonly PolicyName[];
  readonly s3Allocation: S3AllocationRule;
  readonly s3Epsilon: number;
  readonly s3Overflow: S3OverflowRule;
  readonly s3DecreasingFirstFit: boolean;
  readonly blockSizeTokens: number;
  readonly sjf: boolean;
  readonly sjfAgingS: number;
  readonly arrivalRatePerS: number;
  readonly arrivalCv: number;
  readonly slo: LatencySlo | null;
  readonly sweepRates: readonly number[];
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
  const generated = arrivals === 'poisson' || arrivals === 'gamma';

  const errors: SchedulingErrors = {
    policies: policies.length === 0,
    epsilon: settings.s3Allocation === 'cumulative' && !(epsilon >= 0 && epsilon < 1),
    blockSize: !(Number.isSafeInteger(blockSize) && blockSize >= 1),
    aging: settings.sjf && !isPositive(aging),
    arrivalRate: generated && !isPositive(rate),
    arrivalCv: arrivals === 'gamma' && !isPositive(cv),
    slo: sloMs !== null && !isPositive(sloMs),
    sweepRates: checkSweepRates && sweepRates === null,
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
      sjf: settings.sjf,
      sjfAgingS: isPositive(aging) ? aging : DEFAULT_SJF_AGING_S,
      arrivalRatePerS: rate,
      arrivalCv: cv,
      slo,
      sweepRates: sweepRates ?? [],
    },
  };
}

/** Returns the scheduling part of a policy's config. Paged keeps vLLM's FCFS admission and ignores the S³ fields. */
export function schedulingConfig(policy: PolicyName, scheduling: ResolvedScheduling): Partial<SimConfig> {
  return {
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
