/** Plain-text tables of a CLI report, one line per call of `print`. */
import type { Percentiles, SweepPoint } from '../../src/sim/index.ts';
import type { CliReport, ReportResult } from './report.ts';

type Print = (line: string) => void;

function formatRow(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, index) => cell.padStart(widths[index] ?? 10)).join(' ');
}

/** Formats p50 / p90 / p99 in seconds, or in milliseconds for TPOT. */
function percentileCell(percentiles: Percentiles, unit: 's' | 'ms'): string {
  const scale = unit === 'ms' ? 1000 : 1;
  const digits = unit === 'ms' ? 1 : 2;
  return [percentiles.p50, percentiles.p90, percentiles.p99].map((value) => (Number.isFinite(value) ? (value * scale).toFixed(digits) : '-')).join('/');
}

function sloCell(attainment: number | null): string {
  return attainment === null ? '-' : `${(100 * attainment).toFixed(1)}%`;
}

function capCell(cap: number | null): string {
  return cap === null ? 'none' : String(cap);
}

function printSetup(report: CliReport, print: Print): void {
  const { setup, costModel } = report;
  const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  print(`${report.requests} requests from ${report.requestsFile} (${report.traceFormat}); each request's id is its line in the file`);
  for (const warning of report.traceWarnings) print(`trace: ${warning}`);

  print(
    `${setup.modelId} in ${setup.dtype} on ${setup.tensorParallel} x ${setup.gpuId}; per GPU: ${gib(costModel.perGpu.memoryBytes)} memory, ` +
      `${gib(costModel.perGpu.weightBytes)} weights, ${gib(costModel.perGpu.kvCacheBytes)} KV cache; ${costModel.kvCapacityTokens} KV tokens in all`,
  );
  const steps = costModel.exampleSteps
    .map((step) => `${step.phase} batch ${step.batchSize} (${step.contextTokens} tokens) ${(step.latencyS * 1000).toFixed(2)} ms`)
    .join(', ');
  const source = costModel.latencyTable === null ? costModel.stepTimes : `latency table ${costModel.latencyTable.file}`;
  print(`step times from ${source}: ${steps}`);

  const arrivals = report.arrivals;
  print('process' in arrivals ? `arrivals: ${arrivals.process}, seed ${arrivals.seed}` : `sweep arrivals: ${arrivals.sweep}${arrivals.cv === null ? '' : ` with CV ${arrivals.cv}`}, seed ${arrivals.seed}`);

  const predictions = report.predictions;
  if ('drawn' in predictions) {
    print(`drew ${predictions.drawn} predicted buckets from ${predictions.source} (seed ${predictions.seed})`);
    if (predictions.fallbackRequests > 0) {
      print(`confusion matrix rows ${predictions.emptyRows.join(', ')} have no counts, so ${predictions.fallbackRequests} requests were given their true bucket`);
    }
  }
  if (report.cappedOutputs > 0) print(`${report.cappedOutputs} requests had outputs over the scheme's maximum and were cut to it`);

  const overflow = report.contextOverflow;
  if (overflow.overLimit > 0) {
    print(
      `${overflow.overLimit} of ${overflow.totalRequests} requests have prompt + output over the ${overflow.maxSequenceTokens}-token context of ` +
        `${overflow.modelId} (${overflow.promptsOverLimit} prompts alone are over it); they are ${overflow.treatment}`,
    );
  }
}

function printResults(results: readonly ReportResult[], print: Print): void {
  const widths = [10, 11, 9, 11, 11, 10, 12, 10, 10, 12, 13];
  const baseline = results.find((result) => result.policy === 'max-length');
  print(
    formatRow(
      ['policy', 'makespan s', 'seq/s', 'tokens/s', 'preempted', 'extended', 'recomputed', 'mean batch', 'peak batch', 'unused KV', 'vs max-length'],
      widths,
    ),
  );
  for (const result of results) {
    const ratio = baseline && baseline.throughputSequencesPerS > 0 ? `${(result.throughputSequencesPerS / baseline.throughputSequencesPerS).toFixed(2)}x` : '-';
    print(
      formatRow(
        [
          result.policy,
          result.makespanS.toFixed(1),
          result.throughputSequencesPerS.toFixed(2),
          result.throughputOutputTokensPerS.toFixed(0),
          String(result.preemptions),
          String(result.inPlaceExtensions),
          String(result.recomputedTokens),
          result.meanBatchSize.toFixed(1),
          String(result.peakBatchSize),
          `${(100 * result.meanUnusedReservedShare).toFixed(1)}%`,
          ratio,
        ],
        widths,
      ),
    );
  }

  print('');
  print('latency percentiles p50/p90/p99');
  const latencyWidths = [10, 24, 22, 24, 9];
  print(formatRow(['policy', 'TTFT s', 'TPOT ms', 'E2E s', 'SLO met'], latencyWidths));
  for (const result of results) {
    const { ttftS, tpotS, e2eS } = result.latency;
    print(
      formatRow([result.policy, percentileCell(ttftS, 's'), percentileCell(tpotS, 'ms'), percentileCell(e2eS, 's'), sloCell(result.sloAttainment)], latencyWidths),
    );
  }

  print('');
  for (const result of results) {
    const { maxNumSeqs, maxBatchedTokens, kvWatermark } = result.batchLimits;
    if (maxNumSeqs === null && maxBatchedTokens === null && kvWatermark === 0) continue;
    const stops = result.stepsLimitedBy;
    print(
      `${result.policy}: max ${capCell(maxNumSeqs)} sequences and ${capCell(maxBatchedTokens)} prefill tokens per step, watermark ${kvWatermark}; ` +
        `admission stopped at them in ${stops.sequences}, ${stops.tokens} and ${stops.watermark} of ${result.iterations} steps`,
    );
  }
  const fallbacks = results.find((result) => result.policy === 's3')?.allocationFallbacks ?? 0;
  if (fallbacks > 0) print(`${fallbacks} requests had no bucket_probabilities, so S3 allocated their predicted bucket's edge`);
}

function printSweep(points: readonly SweepPoint[], print: Print): void {
  const widths = [10, 8, 9, 24, 22, 24, 9];
  print(formatRow(['policy', 'rate/s', 'seq/s', 'TTFT s', 'TPOT ms', 'E2E s', 'SLO met'], widths));
  for (const point of points) {
    const { ttftS, tpotS, e2eS } = point.latency;
    print(
      formatRow(
        [
          point.policy,
          String(point.ratePerS),
          point.throughputSequencesPerS.toFixed(2),
          percentileCell(ttftS, 's'),
          percentileCell(tpotS, 'ms'),
          percentileCell(e2eS, 's'),
          sloCell(point.sloAttainment),
        ],
        widths,
      ),
    );
  }
}

/** Prints the setup, then the results of each policy or the points of the sweep. */
export function printReport(report: CliReport, print: Print): void {
  printSetup(report, print);
  print('');
  if (report.results !== undefined) printResults(report.results, print);
  if (report.sweep !== undefined) printSweep(report.sweep.points, print);
}
