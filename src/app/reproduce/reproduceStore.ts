/**
 * State of the Reproduce view: the shipped inputs (the Alpaca and Azure sample
 * traces and the predicted buckets of the Alpaca prompts), the two jobs and their
 * results. Kept in a module store, so results survive switching tabs.
 */
import { create } from 'zustand';
import { validateScheme, type BucketScheme } from '../../predictor/buckets.ts';
import type { S3Inputs, S3Progress, S3Reproduction } from '../../sim/reproduction.ts';
import {
  DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S,
  type VllmComparison,
  type VllmProgress,
  type VllmWorkloadInput,
} from '../../sim/vllmComparison.ts';
import { parseTrace, type Trace } from '../../traces/index.ts';
import {
  checkPredictedBuckets,
  PREDICTED_BUCKETS_COMMAND,
  PREDICTED_BUCKETS_FILE,
  PREDICTED_TRACE_FILE,
  type PredictedBucketsFile,
} from '../../traces/predictedBuckets.ts';
import { modelCardUrl, SHIPPED_MODEL_ID } from '../predictor/modelLocation.ts';
import { sampleTraceUrl } from '../samples/sampleCatalog.ts';
import { ReproduceCancelled, runS3Reproduction, runVllmComparison, type ReproduceJob } from './reproduceRunner.ts';

/** Second workload of the vLLM comparison. */
export const AZURE_TRACE_FILE = 'azure-conv-2023.csv';

/** Id and bucket scheme of the shipped S³ model's card, to check the predicted buckets against. */
export interface CardSummary {
  readonly id: string;
  readonly scheme: BucketScheme;
}

export interface ReproductionInputs {
  readonly predicted: PredictedBucketsFile;
  readonly card: CardSummary;
  readonly s3: S3Inputs;
  readonly workloads: readonly VllmWorkloadInput[];
}

export type InputsState =
  | { readonly status: 'idle' | 'loading' }
  | { readonly status: 'ready'; readonly inputs: ReproductionInputs }
  | { readonly status: 'failed'; readonly message: string };

export type JobState<Result, Progress> =
  | { readonly status: 'idle' | 'cancelled' }
  | { readonly status: 'running'; readonly progress: Progress | null }
  | { readonly status: 'done'; readonly result: Result }
  | { readonly status: 'failed'; readonly message: string };

export interface ReproduceState {
  readonly inputs: InputsState;
  readonly s3: JobState<S3Reproduction, S3Progress>;
  readonly vllm: JobState<VllmComparison, VllmProgress>;
  /** Normalized-latency threshold as typed, in seconds per token. */
  readonly thresholdText: string;
}

export const useReproduceStore = create<ReproduceState>()(() => ({
  inputs: { status: 'idle' },
  s3: { status: 'idle' },
  vllm: { status: 'idle' },
  thresholdText: String(DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S),
}));

/** Returns the threshold in seconds per token, or null when the text is not a number above 0. */
export function parseThreshold(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : null;
}

export function setThresholdText(text: string): void {
  useReproduceStore.setState({ thresholdText: text });
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} failed with HTTP ${response.status}`);
  return response.text();
}

function lengthsOf(trace: Trace): { promptTokens: number; outputTokens: number }[] {
  return trace.requests.map((request) => {
    if (request.outputTokens === undefined) throw new Error(`${trace.fileName} line ${request.line} has no output length`);
    return { promptTokens: request.promptTokens, outputTokens: request.outputTokens };
  });
}

/** Reads the id and the bucket scheme of a model card. Throws naming `url` when either is missing or invalid. */
function cardSummary(value: unknown, url: string): CardSummary {
  const card = value as { id?: unknown; buckets?: { name?: unknown; edges?: unknown } } | null;
  if (typeof card?.id !== 'string' || typeof card.buckets?.name !== 'string' || !Array.isArray(card.buckets.edges)) {
    throw new Error(`${url}: expected a model card with an id and buckets.name and buckets.edges`);
  }
  return { id: card.id, scheme: validateScheme({ name: card.buckets.name, edges: card.buckets.edges as number[] }) };
}

/** Fetches and checks the two sample traces, the predicted buckets and the S³ model's card. */
export async function fetchReproductionInputs(): Promise<ReproductionInputs> {
  const cardUrl = modelCardUrl(SHIPPED_MODEL_ID);
  const [alpacaText, predictedText, azureText, cardText] = await Promise.all([
    fetchText(sampleTraceUrl(PREDICTED_TRACE_FILE)),
    fetchText(sampleTraceUrl(PREDICTED_BUCKETS_FILE)),
    fetchText(sampleTraceUrl(AZURE_TRACE_FILE)),
    fetchText(cardUrl),
  ]);
  const alpaca = parseTrace(PREDICTED_TRACE_FILE, alpacaText);
  const predicted = checkPredictedBuckets(JSON.parse(predictedText) as unknown, PREDICTED_BUCKETS_FILE);
  if (predicted.trace.records !== alpaca.requests.length) {
    throw new Error(
      `${PREDICTED_BUCKETS_FILE} has ${predicted.trace.records} predictions but ${PREDICTED_TRACE_FILE} has ` +
        `${alpaca.requests.length} requests; regenerate it with ${PREDICTED_BUCKETS_COMMAND}`,
    );
  }
  const alpacaLengths = lengthsOf(alpaca);
  const azure = parseTrace(AZURE_TRACE_FILE, azureText);
  return {
    predicted,
    card: cardSummary(JSON.parse(cardText) as unknown, cardUrl),
    s3: {
      lengths: alpacaLengths,
      predictedBuckets: predicted.buckets,
      probabilities: predicted.probabilities,
      scheme: predicted.scheme,
    },
    workloads: [
      { id: 'alpaca', file: PREDICTED_TRACE_FILE, lengths: alpacaLengths },
      { id: 'azure-conv', file: AZURE_TRACE_FILE, lengths: lengthsOf(azure) },
    ],
  };
}

let activeJob: ReproduceJob<unknown> | null = null;
let started = false;
/** Incremented by every run, so a superseded run stops writing to the store. */
let generation = 0;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function runBoth(inputs: ReproductionInputs): Promise<void> {
  generation += 1;
  const mine = generation;
  const update = (state: Partial<ReproduceState>): void => {
    if (mine === generation) useReproduceStore.setState(state);
  };

  const s3Job = runS3Reproduction(inputs.s3, (progress) => update({ s3: { status: 'running', progress } }));
  activeJob = s3Job;
  update({ s3: { status: 'running', progress: null }, vllm: { status: 'idle' } });
  try {
    update({ s3: { status: 'done', result: await s3Job.promise } });
  } catch (error) {
    if (error instanceof ReproduceCancelled) {
      update({ s3: { status: 'cancelled' }, vllm: { status: 'cancelled' } });
      return;
    }
    update({ s3: { status: 'failed', message: message(error) } });
  }
  if (mine !== generation) return;

  const vllmJob = runVllmComparison(inputs.workloads, (progress) => update({ vllm: { status: 'running', progress } }));
  activeJob = vllmJob;
  update({ vllm: { status: 'running', progress: null } });
  try {
    update({ vllm: { status: 'done', result: await vllmJob.promise } });
  } catch (error) {
    update({ vllm: error instanceof ReproduceCancelled ? { status: 'cancelled' } : { status: 'failed', message: message(error) } });
  } finally {
    if (activeJob === vllmJob) activeJob = null;
  }
}

/** Loads the inputs and runs both sections once per page load. Later calls return at once. */
export async function startReproduction(): Promise<void> {
  if (started) return;
  started = true;
  await rerunReproduction();
}

/** Loads the inputs if needed and runs both sections again. */
export async function rerunReproduction(): Promise<void> {
  started = true;
  let { inputs } = useReproduceStore.getState();
  if (inputs.status !== 'ready') {
    useReproduceStore.setState({ inputs: { status: 'loading' } });
    try {
      inputs = { status: 'ready', inputs: await fetchReproductionInputs() };
    } catch (error) {
      useReproduceStore.setState({ inputs: { status: 'failed', message: message(error) } });
      return;
    }
    useReproduceStore.setState({ inputs });
  }
  await runBoth(inputs.inputs);
}

/** Cancels the job in progress. The section that was running then shows as cancelled. */
export function cancelReproduction(): void {
  activeJob?.cancel();
}
