/// <reference lib="webworker" />
/**
 * Predictor Web Worker: owns the tokenizer (@huggingface/transformers, local files
 * only) and the onnxruntime-web session. Backends are tried one at a time, in the
 * order requested. Each failure is kept so the UI can show why a backend is not in
 * use, which onnxruntime-web's own multi-provider fallback would hide.
 */
import * as ort from 'onnxruntime-web/webgpu';
import { AutoTokenizer, env } from '@huggingface/transformers';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { BackendName, ModelCard, ModelVariant } from '../predictor/modelCard.ts';
import { argmax, chooseVariant, softmax } from '../predictor/inference.ts';
import type { BackendAttempt, PredictionResult, PredictorRequest, PredictorResponse } from './predictorProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// The WASM runtime files are served by the app itself (see vite.config.ts), never
// from a CDN, so the predictor works offline and prompts stay on this origin.
ort.env.wasm.wasmPaths = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin).href;
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.useBrowserCache = false;

/** Results are posted in chunks no larger than this, or at least every PROGRESS_INTERVAL_MS. */
const PROGRESS_CHUNK = 16;
const PROGRESS_INTERVAL_MS = 100;
/** Threads for the WASM backend when the page is cross-origin isolated (SharedArrayBuffer available). */
const MAX_WASM_THREADS = 4;

interface LoadedPredictor {
  readonly card: ModelCard;
  readonly tokenizer: PreTrainedTokenizer;
  readonly session: ort.InferenceSession;
  readonly backend: BackendName;
  readonly variant: ModelVariant;
}

let predictor: LoadedPredictor | undefined;
const cancelledJobs = new Set<number>();

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function post(message: PredictorResponse): void {
  self.postMessage(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} failed with HTTP ${response.status}`);
  return response;
}

async function checkWebGpu(): Promise<void> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (gpu === undefined) throw new Error('WebGPU is not available: navigator.gpu is missing in this browser');
  const adapter = await gpu.requestAdapter();
  if (adapter === null || adapter === undefined) {
    throw new Error('WebGPU is not available: navigator.gpu.requestAdapter() returned no adapter');
  }
}

function wasmThreads(): number {
  return self.crossOriginIsolated ? Math.max(1, Math.min(MAX_WASM_THREADS, navigator.hardwareConcurrency || 1)) : 1;
}

function encode(tokenizer: PreTrainedTokenizer, prompt: string, maxTokens: number): number[] {
  const encoded = tokenizer(prompt, { truncation: true, max_length: maxTokens, return_tensor: false }) as {
    input_ids: number[];
  };
  return encoded.input_ids;
}

async function runLogits(session: ort.InferenceSession, ids: readonly number[]): Promise<Float32Array> {
  const dims = [1, ids.length];
  const inputIds = new ort.Tensor('int64', BigInt64Array.from(ids, (id) => BigInt(id)), dims);
  const attentionMask = new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims);
  const outputs = await session.run({ input_ids: inputIds, attention_mask: attentionMask });
  const logits = outputs['logits'];
  if (logits === undefined) throw new Error('the model returned no "logits" output');
  const data = logits.data;
  if (!(data instanceof Float32Array)) throw new Error(`expected float32 logits, got ${logits.type}`);
  return data;
}

async function startBackend(
  backend: BackendName,
  card: ModelCard,
  tokenizer: PreTrainedTokenizer,
  baseUrl: string,
  requestedVariant: string | undefined,
): Promise<LoadedPredictor> {
  if (backend === 'webgpu') await checkWebGpu();
  if (backend === 'wasm') ort.env.wasm.numThreads = wasmThreads();
  const variant = chooseVariant(card, backend, requestedVariant);
  post({ type: 'loading', stage: `downloading ${variant.file} (${(variant.bytes / 2 ** 20).toFixed(1)} MiB)` });
  const bytes = new Uint8Array(await (await fetchOk(new URL(variant.file, baseUrl).href)).arrayBuffer());
  post({ type: 'loading', stage: `starting ${backend} session` });
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
  });
  // A backend can create a session and still fail on the first run (for example a
  // missing kernel), so one real inference decides whether it is usable.
  await runLogits(session, encode(tokenizer, 'Warm-up prompt.', card.max_prompt_tokens));
  return { card, tokenizer, session, backend, variant };
}

async function load(request: Extract<PredictorRequest, { type: 'load' }>): Promise<void> {
  const started = performance.now();
  const baseUrl = new URL(request.modelBaseUrl.endsWith('/') ? request.modelBaseUrl : `${request.modelBaseUrl}/`, self.location.href).href;
  const attempts: BackendAttempt[] = [];
  try {
    await predictor?.session.release();
    predictor = undefined;
    post({ type: 'loading', stage: 'reading model card' });
    const card = (await (await fetchOk(new URL('model-card.json', baseUrl).href)).json()) as ModelCard;
    post({ type: 'loading', stage: 'loading tokenizer' });
    // transformers.js reads local files only from a path (a full URL counts as
    // remote), so the models folder is given as an absolute path on this origin.
    env.localModelPath = new URL('..', baseUrl).pathname;
    const tokenizer = await AutoTokenizer.from_pretrained(card.id, { local_files_only: true });

    for (const backend of request.backends) {
      try {
        predictor = await startBackend(backend, card, tokenizer, baseUrl, request.variant);
        attempts.push({ backend, ok: true, variant: predictor.variant.name });
        break;
      } catch (error) {
        attempts.push({ backend, ok: false, error: describe(error) });
      }
    }
  } catch (error) {
    post({ type: 'load-failed', attempts, message: `loading the predictor failed: ${describe(error)}` });
    return;
  }
  if (predictor === undefined) {
    const reasons = attempts.map((attempt) => `${attempt.backend}: ${attempt.error ?? 'unknown error'}`).join('; ');
    post({ type: 'load-failed', attempts, message: `no backend could run the predictor (${reasons})` });
    return;
  }
  post({
    type: 'ready',
    backend: predictor.backend,
    variant: predictor.variant.name,
    attempts,
    loadMs: performance.now() - started,
    ...(predictor.backend === 'wasm' ? { wasmThreads: ort.env.wasm.numThreads ?? 1 } : {}),
  });
}

async function predict(request: Extract<PredictorRequest, { type: 'predict' }>): Promise<void> {
  const loaded = predictor;
  if (loaded === undefined) {
    post({ type: 'error', jobId: request.jobId, message: 'the predictor is not loaded yet' });
    return;
  }
  const total = request.prompts.length;
  const jobStarted = performance.now();
  let pending: PredictionResult[] = [];
  let lastPost = jobStarted;
  for (let index = 0; index < total; index += 1) {
    if (cancelledJobs.has(request.jobId)) {
      cancelledJobs.delete(request.jobId);
      if (pending.length > 0) post({ type: 'progress', jobId: request.jobId, done: index, total, results: pending });
      post({ type: 'cancelled', jobId: request.jobId, done: index });
      return;
    }
    const started = performance.now();
    try {
      const ids = encode(loaded.tokenizer, request.prompts[index] ?? '', loaded.card.max_prompt_tokens);
      const logits = Array.from(await runLogits(loaded.session, ids));
      pending.push({
        index,
        bucket: argmax(logits),
        probabilities: softmax(logits),
        logits,
        inputTokens: ids.length,
        elapsedMs: performance.now() - started,
      });
    } catch (error) {
      post({ type: 'error', jobId: request.jobId, message: `prediction failed on prompt ${index + 1}: ${describe(error)}` });
      return;
    }
    const now = performance.now();
    if (pending.length >= PROGRESS_CHUNK || now - lastPost >= PROGRESS_INTERVAL_MS || index === total - 1) {
      post({ type: 'progress', jobId: request.jobId, done: index + 1, total, results: pending });
      pending = [];
      lastPost = now;
      // Awaiting an inference only yields to microtasks; a macrotask turn lets a
      // queued cancel message run before the next prompt.
      await yieldToEventLoop();
    }
  }
  cancelledJobs.delete(request.jobId);
  post({ type: 'done', jobId: request.jobId, total, elapsedMs: performance.now() - jobStarted });
}

// Requests are handled in arrival order; a predict job awaits each inference, so a
// cancel message is delivered between two prompts.
let queue: Promise<void> = Promise.resolve();

self.addEventListener('message', (event: MessageEvent<PredictorRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    cancelledJobs.add(request.jobId);
    return;
  }
  queue = queue.then(() => (request.type === 'load' ? load(request) : predict(request))).catch((error: unknown) => {
    post({ type: 'error', message: describe(error) });
  });
});
