/** Runs the parity self-check: the export's parity prompts through the predictor in use. */
import type { BackendName } from '../../predictor/modelCard.ts';
import { compareParity, type ParityFixture, type ParityReport } from '../../predictor/parity.ts';
import { modelBaseUrl } from '../predictor/modelLocation.ts';
import { runPrediction, startPredictor } from '../predictor/predictorService.ts';

export interface ParityOutcome {
  readonly report: ParityReport;
  readonly backend: BackendName;
  readonly msPerPrompt: number;
}

export async function fetchParityFixture(): Promise<ParityFixture> {
  const url = new URL('parity.json', modelBaseUrl()).href;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} failed with HTTP ${response.status}`);
  return (await response.json()) as ParityFixture;
}

export async function runParityCheck(onProgress: (done: number, total: number) => void): Promise<ParityOutcome> {
  const fixture = await fetchParityFixture();
  const ready = await startPredictor();
  const results = await runPrediction(fixture.prompts, (done, total) => onProgress(done, total)).promise;
  const msPerPrompt = results.reduce((sum, result) => sum + result.elapsedMs, 0) / Math.max(1, results.length);
  return { report: compareParity(fixture, ready.variant, results), backend: ready.backend, msPerPrompt };
}
