/** Runs the parity self-check: a model's export-time parity prompts through the predictor in use. */
import type { BackendName } from '../../predictor/modelCard.ts';
import { compareParity, type ParityFixture, type ParityReport } from '../../predictor/parity.ts';
import { modelFileUrl } from '../predictor/modelLocation.ts';
import { runPrediction, startPredictor } from '../predictor/predictorService.ts';

export interface ParityOutcome {
  readonly modelId: string;
  readonly report: ParityReport;
  readonly backend: BackendName;
  readonly msPerPrompt: number;
}

export async function fetchParityFixture(modelId: string): Promise<ParityFixture> {
  const url = modelFileUrl(modelId, 'parity.json');
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} failed with HTTP ${response.status}`);
  return (await response.json()) as ParityFixture;
}

/** Checks `modelId`, which must be the model loaded in the predictor; choosing another model meanwhile cancels the check. */
export async function runParityCheck(modelId: string, onProgress: (done: number, total: number) => void): Promise<ParityOutcome> {
  const fixture = await fetchParityFixture(modelId);
  if (fixture.model_id !== modelId) throw new Error(`parity.json of ${modelId} is for model "${fixture.model_id}"`);
  const ready = await startPredictor();
  const results = await runPrediction(fixture.prompts, (done, total) => onProgress(done, total), modelId).promise;
  const msPerPrompt = results.reduce((sum, result) => sum + result.elapsedMs, 0) / Math.max(1, results.length);
  return { modelId, report: compareParity(fixture, ready.variant, results), backend: ready.backend, msPerPrompt };
}
