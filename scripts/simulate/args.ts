/**
 * Command-line flags of `npm run simulate`: the usage text and their parsing into the
 * choices the Simulate view makes. Every invalid flag raises `UsageError` with the flag
 * and the value it got.
 */
import { parseArgs } from 'node:util';
import type { ResolvedScheduling } from '../../src/app/simulate/schedulingSettings.ts';
import {
  ADMISSION_RULES,
  COST_CONSTANT_NAMES,
  DEFAULT_BLOCK_SIZE_TOKENS,
  DEFAULT_S3_EPSILON,
  DEFAULT_SJF_AGING_S,
  DEFAULT_SWEEP_SEED,
  DTYPE_IDS,
  GPU_PRESET_IDS,
  MIXED_ITERATION_MODES,
  MODEL_PRESET_IDS,
  modelPreset,
  parseArrivalProcess,
  POLICY_NAMES,
  S3_ALLOCATION_RULES,
  S3_OVERFLOW_RULES,
  SimulationError,
  TENSOR_PARALLEL_SIZES,
  tensorParallelSizesFor,
  VLLM_DEFAULT_KV_WATERMARK,
  VLLM_DEFAULT_MAX_NUM_SEQS,
  VLLM_MIN_DEFAULT_BATCHED_TOKENS,
  type AdmissionRule,
  type ArrivalProcess,
  type CostConstantName,
  type CostConstants,
  type DtypeId,
  type GpuPresetId,
  type LatencySlo,
  type MixedIterationMode,
  type ModelPresetId,
  type PolicyName,
  type S3AllocationRule,
  type S3OverflowRule,
  type TensorParallelSize,
} from '../../src/sim/index.ts';

export const USAGE = `Usage: npm run simulate -- --requests FILE [options]

Trace and predictions
  --requests FILE          trace: JSON lines or a JSON array with prompt and/or prompt_tokens, output_tokens and
                           optional arrival_time (s), Alpaca JSON, or the Azure LLM inference trace CSV. JSON lines
                           may add predicted_bucket and bucket_probabilities (one probability per bucket)
  --limit N                simulate the first N requests in arrival order (default: all)
  --confusion FILE         model-card.json whose bucket edges and test confusion matrix give the predicted buckets
                           of requests without predicted_bucket (default scheme without it: 10 buckets of 205 tokens)
  --seed N                 seed of the confusion-matrix draws, an integer >= 0 (default 0)

Policies and scheduling
  --policy NAMES           comma-separated policies from ${POLICY_NAMES.join(', ')}, or all (default all)
  --admission RULE         ${ADMISSION_RULES.join(', ')}, for max-length, s3 and oracle (default first-fit);
                           paged admits FCFS, as vLLM does
  --s3-allocation RULE     ${S3_ALLOCATION_RULES.join(', ')} (default most-likely)
  --epsilon E              tail probability the cumulative rule leaves uncovered, in [0, 1) (default ${DEFAULT_S3_EPSILON})
  --s3-overflow RULE       ${S3_OVERFLOW_RULES.join(', ')} (default preempt)
  --block-size N           tokens per KV block under paged (default ${DEFAULT_BLOCK_SIZE_TOKENS})
  --max-num-seqs N         paged: sequences per step, vLLM's max_num_seqs, or none (default ${VLLM_DEFAULT_MAX_NUM_SEQS})
  --max-num-batched-tokens N
                           paged: prefill tokens of the requests joining one step, vLLM's max_num_batched_tokens
                           without chunked prefill, or none (default max(model context, ${VLLM_MIN_DEFAULT_BATCHED_TOKENS}) tokens)
  --kv-watermark F         paged: share of the KV blocks kept free when a request joins a running batch,
                           in [0, 1) (default ${VLLM_DEFAULT_KV_WATERMARK}, vLLM's watermark)
  --batch-cap N            max-length, s3 and oracle: sequences per step (default: no cap)
  --sjf                    order the queue shortest predicted output first
  --sjf-aging-s S          seconds a request waits under --sjf before it is promoted (default ${DEFAULT_SJF_AGING_S})
  --slo-ms MS              end-to-end latency SLO in milliseconds; reports the share of requests that meet it
  --slo-ttft-ms MS         time-to-first-token SLO in milliseconds

Model, hardware and cost model
  --model ID               ${MODEL_PRESET_IDS.join(', ')} (default gptj-6b)
  --gpu ID                 ${GPU_PRESET_IDS.join(', ')} (default a100-80gb)
  --dtype ID               ${DTYPE_IDS.join(', ')} (default: the model's, fp16)
  --tp N                   tensor-parallel GPUs: ${TENSOR_PARALLEL_SIZES.join(', ')}, dividing the model's attention heads (default 1)
  --mixed-iterations MODE  ${MIXED_ITERATION_MODES.join(', ')}: time a step that prefills and decodes as one pass or two
                           (default fused)
  --latency-table FILE     CSV of measured step latencies (batch_size, context_tokens, latency_ms, optional phase)
                           that replaces the roofline, the format the app reads
  --cost NAME=VALUE,...    override cost constants, in their units (bytes, bytes/s, FLOP/s, s): ${COST_CONSTANT_NAMES.join(', ')}

Load
  --arrivals MODE          offline (all at 0 s), trace (the trace's arrival times, 0 s when absent), poisson or gamma
                           (default trace); poisson:RATE and gamma:RATE:CV set the rate and CV inline
  --rate R                 requests per second of poisson and gamma arrivals
  --cv C                   coefficient of variation of the gaps of gamma arrivals, > 0 (1 is Poisson)
  --arrival-seed N         seed of poisson and gamma gaps, in single runs and sweeps, an integer >= 0 (default ${DEFAULT_SWEEP_SEED})
  --sweep-rates LIST       comma-separated rates in requests/s: replay the trace at each rate, with poisson arrivals,
                           or gamma arrivals of --cv when --arrivals is gamma, and report latency and throughput per
                           policy and rate instead of one run

Output
  --out FILE               write the report as JSON
  --help                   print this text`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Choices of one CLI run, checked. */
export interface CliOptions {
  readonly requestsFile: string;
  /** Requests to simulate, or null for all of them. */
  readonly limit: number | null;
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly dtype: DtypeId;
  readonly tensorParallel: TensorParallelSize;
  readonly mixedIterations: MixedIterationMode;
  readonly latencyTableFile: string | null;
  readonly cost: Partial<CostConstants>;
  readonly confusionFile: string | null;
  readonly predictionSeed: number;
  readonly admission: AdmissionRule;
  /** Arrivals of a single run; ignored by a sweep, whose rates come from `sweepRates`. */
  readonly arrivals: ArrivalProcess;
  readonly arrivalSeed: number;
  /** The scheduling choices in the form the Simulate view resolves them to. */
  readonly scheduling: ResolvedScheduling;
  /** Rates of a load sweep in requests per second, or null for a single run. */
  readonly sweepRates: readonly number[] | null;
  readonly outFile: string | null;
}

export type ParsedCommand = { readonly kind: 'help' } | { readonly kind: 'run'; readonly options: CliOptions };

const FLAGS = {
  requests: { type: 'string' },
  limit: { type: 'string' },
  policy: { type: 'string', default: 'all' },
  model: { type: 'string', default: 'gptj-6b' },
  gpu: { type: 'string', default: 'a100-80gb' },
  dtype: { type: 'string' },
  tp: { type: 'string', default: '1' },
  'mixed-iterations': { type: 'string', default: 'fused' },
  'latency-table': { type: 'string' },
  cost: { type: 'string' },
  confusion: { type: 'string' },
  seed: { type: 'string', default: '0' },
  admission: { type: 'string', default: 'first-fit' },
  arrivals: { type: 'string', default: 'trace' },
  rate: { type: 'string' },
  cv: { type: 'string' },
  'arrival-seed': { type: 'string', default: String(DEFAULT_SWEEP_SEED) },
  's3-allocation': { type: 'string', default: 'most-likely' },
  epsilon: { type: 'string', default: String(DEFAULT_S3_EPSILON) },
  's3-overflow': { type: 'string', default: 'preempt' },
  'block-size': { type: 'string', default: String(DEFAULT_BLOCK_SIZE_TOKENS) },
  'max-num-seqs': { type: 'string', default: String(VLLM_DEFAULT_MAX_NUM_SEQS) },
  'max-num-batched-tokens': { type: 'string' },
  'kv-watermark': { type: 'string', default: String(VLLM_DEFAULT_KV_WATERMARK) },
  'batch-cap': { type: 'string' },
  sjf: { type: 'boolean', default: false },
  'sjf-aging-s': { type: 'string', default: String(DEFAULT_SJF_AGING_S) },
  'slo-ms': { type: 'string' },
  'slo-ttft-ms': { type: 'string' },
  'sweep-rates': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

function pick<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

function numberFlag(flag: string, value: string, accept: (parsed: number) => boolean, expected: string): number {
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!accept(parsed)) throw new UsageError(`--${flag} must be ${expected}; got "${value}"`);
  return parsed;
}

function positive(flag: string, value: string): number {
  return numberFlag(flag, value, (parsed) => Number.isFinite(parsed) && parsed > 0, 'a number > 0');
}

function wholeAtLeast(flag: string, value: string, minimum: number): number {
  return numberFlag(flag, value, (parsed) => Number.isSafeInteger(parsed) && parsed >= minimum, `an integer >= ${minimum}`);
}

/** Reads a cap that may be `none` (Infinity). */
function capFlag(flag: string, value: string): number {
  if (value.trim() === 'none') return Number.POSITIVE_INFINITY;
  return numberFlag(flag, value, (parsed) => Number.isSafeInteger(parsed) && parsed >= 1, 'an integer >= 1, or none');
}

function share(flag: string, value: string): number {
  return numberFlag(flag, value, (parsed) => parsed >= 0 && parsed < 1, 'a number in [0, 1)');
}

function parsePolicies(text: string): PolicyName[] {
  if (text.trim() === 'all') return [...POLICY_NAMES];
  const chosen = new Set(text.split(',').map((name) => pick<PolicyName>('policy', name.trim(), POLICY_NAMES)));
  return POLICY_NAMES.filter((policy) => chosen.has(policy));
}

function parseTensorParallel(text: string, modelId: ModelPresetId): TensorParallelSize {
  const sizes = TENSOR_PARALLEL_SIZES.map(String);
  const size = Number(pick('tp', text.trim(), sizes)) as TensorParallelSize;
  const model = modelPreset(modelId);
  const allowed = tensorParallelSizesFor(model);
  if (!allowed.includes(size)) {
    throw new UsageError(
      `--tp ${size} does not divide the ${model.attentionHeads} attention heads of ${model.label}; choose one of ${allowed.join(', ')}`,
    );
  }
  return size;
}

function parseCost(text: string | undefined): Partial<CostConstants> {
  if (text === undefined) return {};
  const cost: Partial<Record<CostConstantName, number>> = {};
  for (const item of text.split(',')) {
    const [name = '', value = '', ...rest] = item.split('=').map((part) => part.trim());
    if (rest.length > 0 || value === '') throw new UsageError(`--cost expects NAME=VALUE pairs separated by commas; got "${item}"`);
    const key = pick<CostConstantName>('cost', name, COST_CONSTANT_NAMES);
    cost[key] = numberFlag('cost', value, Number.isFinite, `a number for ${key}`);
  }
  return cost;
}

/** Reads --arrivals, --rate and --cv. The rate may be absent only when the run is a sweep. */
function parseArrivals(mode: string, rateText: string | undefined, cvText: string | undefined, sweeping: boolean): ArrivalProcess {
  if (mode.includes(':')) {
    if (rateText !== undefined || cvText !== undefined) {
      throw new UsageError(`--arrivals "${mode}" sets the rate inline, so --rate and --cv must be left out`);
    }
    try {
      return parseArrivalProcess(mode);
    } catch (error) {
      if (error instanceof SimulationError) throw new UsageError(`--arrivals: ${error.message}`);
      throw error;
    }
  }
  const kind = pick('arrivals', mode.trim(), ['offline', 'trace', 'poisson', 'gamma'] as const);
  if (kind === 'offline' || kind === 'trace') {
    if (rateText !== undefined) throw new UsageError(`--rate applies only to --arrivals poisson or gamma, not ${kind}`);
    if (cvText !== undefined) throw new UsageError(`--cv applies only to --arrivals gamma, not ${kind}`);
    return { kind };
  }
  if (kind === 'poisson' && cvText !== undefined) throw new UsageError('--cv applies only to --arrivals gamma, not poisson');
  if (rateText === undefined && !sweeping) throw new UsageError(`--arrivals ${kind} needs --rate R (requests per second)`);
  // A sweep sets the rate of each run itself; 1 request/s only fills the field.
  const ratePerS = rateText === undefined ? 1 : positive('rate', rateText);
  if (kind === 'poisson') return { kind, ratePerS };
  if (cvText === undefined) throw new UsageError('--arrivals gamma needs --cv C (coefficient of variation of the gaps)');
  return { kind, ratePerS, cv: positive('cv', cvText) };
}

function parseSlo(e2eMs: string | undefined, ttftMs: string | undefined): LatencySlo | null {
  if (e2eMs === undefined && ttftMs === undefined) return null;
  return {
    ...(e2eMs === undefined ? {} : { e2eS: positive('slo-ms', e2eMs) / 1000 }),
    ...(ttftMs === undefined ? {} : { ttftS: positive('slo-ttft-ms', ttftMs) / 1000 }),
  };
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // node:util reports unknown flags, missing values and positionals as TypeErrors with a code.
    if (error instanceof TypeError && 'code' in error) throw new UsageError(error.message);
    throw error;
  }
}

/** Parses the command line (without the node and script paths). Throws `UsageError` for an invalid flag. */
export function parseCliArgs(argv: readonly string[]): ParsedCommand {
  const values = parseFlags(argv);
  if (values.help) return { kind: 'help' };
  if (values.requests === undefined) throw new UsageError('missing --requests FILE');

  const modelId = pick<ModelPresetId>('model', values.model, MODEL_PRESET_IDS);
  const sweepRates = values['sweep-rates'] === undefined ? null : parseSweepRates(values['sweep-rates']);
  const arrivals = parseArrivals(values.arrivals, values.rate, values.cv, sweepRates !== null);
  const s3Epsilon = share('epsilon', values.epsilon);
  const maxBatchedTokensText = values['max-num-batched-tokens'];
  const batchCap = values['batch-cap'];
  const scheduling: ResolvedScheduling = {
    policies: parsePolicies(values.policy),
    s3Allocation: pick<S3AllocationRule>('s3-allocation', values['s3-allocation'], S3_ALLOCATION_RULES),
    s3Epsilon,
    s3Overflow: pick<S3OverflowRule>('s3-overflow', values['s3-overflow'], S3_OVERFLOW_RULES),
    s3DecreasingFirstFit: false,
    blockSizeTokens: wholeAtLeast('block-size', values['block-size'], 1),
    pagedLimits: {
      maxNumSeqs: capFlag('max-num-seqs', values['max-num-seqs']),
      maxBatchedTokens: maxBatchedTokensText === undefined ? null : capFlag('max-num-batched-tokens', maxBatchedTokensText),
      kvWatermark: share('kv-watermark', values['kv-watermark']),
    },
    otherMaxNumSeqs: batchCap === undefined ? Number.POSITIVE_INFINITY : capFlag('batch-cap', batchCap),
    sjf: values.sjf,
    sjfAgingS: positive('sjf-aging-s', values['sjf-aging-s']),
    arrivalRatePerS: arrivals.kind === 'poisson' || arrivals.kind === 'gamma' ? arrivals.ratePerS : Number.NaN,
    arrivalCv: arrivals.kind === 'gamma' ? arrivals.cv : Number.NaN,
    slo: parseSlo(values['slo-ms'], values['slo-ttft-ms']),
    sweepRates: sweepRates ?? [],
    sweepCv: arrivals.kind === 'gamma' ? arrivals.cv : null,
  };
  const admission = pick<AdmissionRule>('admission', values.admission, ADMISSION_RULES);
  if (scheduling.sjf && admission === 'decreasing-first-fit') {
    throw new UsageError('--sjf cannot be combined with --admission decreasing-first-fit, which orders the queue by size; choose one');
  }

  return {
    kind: 'run',
    options: {
      requestsFile: values.requests,
      limit: values.limit === undefined ? null : wholeAtLeast('limit', values.limit, 1),
      modelId,
      gpuId: pick<GpuPresetId>('gpu', values.gpu, GPU_PRESET_IDS),
      dtype: values.dtype === undefined ? modelPreset(modelId).dtype : pick<DtypeId>('dtype', values.dtype, DTYPE_IDS),
      tensorParallel: parseTensorParallel(values.tp, modelId),
      mixedIterations: pick<MixedIterationMode>('mixed-iterations', values['mixed-iterations'], MIXED_ITERATION_MODES),
      latencyTableFile: values['latency-table'] ?? null,
      cost: parseCost(values.cost),
      confusionFile: values.confusion ?? null,
      predictionSeed: wholeAtLeast('seed', values.seed, 0),
      admission,
      arrivals,
      arrivalSeed: wholeAtLeast('arrival-seed', values['arrival-seed'], 0),
      scheduling,
      sweepRates,
      outFile: values.out ?? null,
    },
  };
}

function parseSweepRates(text: string): number[] {
  const rates = text.split(',').map((rate) => positive('sweep-rates', rate.trim()));
  return [...new Set(rates)].sort((a, b) => a - b);
}
