/**
 * The headless simulator run in-process on the shipped sample traces: flag parsing,
 * the JSON report, and the errors that bad flags and files produce.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, parseCliArgs, USAGE, type CliReport } from './simulate.ts';

const AZURE = 'public/traces/azure-conv-2023.csv';
const ALPACA = 'public/traces/alpaca-test-2000.jsonl';
const CARD = 'public/models/minilm-l6-alpaca-s3/model-card.json';

interface Run {
  readonly status: number;
  readonly report: CliReport | null;
  readonly out: string;
  readonly error: string;
}

function run(...argv: string[]): Run {
  const out: string[] = [];
  const error: string[] = [];
  const { status, report } = main(argv, { out: (line) => out.push(line), error: (line) => error.push(line) });
  return { status, report, out: out.join('\n'), error: error.join('\n') };
}

/** Runs `argv` and returns its report, failing with the CLI's error output when it has none. */
function report(...argv: string[]): CliReport {
  const result = run(...argv);
  if (result.report === null) throw new Error(`simulate ${argv.join(' ')} failed: ${result.error}`);
  return result.report;
}

function resultOf(value: CliReport, policy: string) {
  const result = value.results?.find((candidate) => candidate.policy === policy);
  if (result === undefined) throw new Error(`no result for ${policy}`);
  return result;
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'simulate-cli-')), name);
  writeFileSync(path, text);
  return path;
}

const azureOffline = ['--requests', AZURE, '--arrivals', 'offline', '--limit', '400'];

describe('simulate CLI help', () => {
  it('lists every flag with its unit', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    for (const flag of [
      '--requests FILE',
      '--limit N',
      '--policy NAMES',
      '--tp N',
      '--dtype ID',
      '--latency-table FILE',
      '--mixed-iterations MODE',
      '--cost NAME=VALUE',
      '--arrivals MODE',
      '--rate R',
      '--cv C',
      '--arrival-seed N',
      '--sjf',
      '--sjf-aging-s S',
      '--s3-allocation RULE',
      '--epsilon E',
      '--s3-overflow RULE',
      '--admission RULE',
      '--block-size N',
      '--max-num-seqs N',
      '--max-num-batched-tokens N',
      '--kv-watermark F',
      '--batch-cap N',
      '--slo-ms MS',
      '--sweep-rates LIST',
      '--out FILE',
    ]) {
      expect(help.out, flag).toContain(flag);
    }
    expect(help.out).toContain('requests/s');
    expect(help.out).toContain('milliseconds');
    expect(help.out).toBe(USAGE);
  });
});

describe('simulate CLI serving setup', () => {
  it('splits weights and KV cache over --tp GPUs', () => {
    const one = report(...azureOffline, '--policy', 'paged');
    const two = report(...azureOffline, '--policy', 'paged', '--tp', '2');
    expect(one.costModel.tensorParallel).toBe(1);
    expect(two.costModel.tensorParallel).toBe(2);
    expect(two.costModel.perGpu.weightBytes).toBeCloseTo(one.costModel.perGpu.weightBytes / 2, 0);
    expect(two.costModel.perGpu.memoryBytes).toBe(one.costModel.perGpu.memoryBytes);
    expect(two.costModel.perGpu.kvCacheBytes).toBeGreaterThan(one.costModel.perGpu.kvCacheBytes);
    expect(two.costModel.kvCapacityTokens).toBeGreaterThan(2 * one.costModel.kvCapacityTokens);
    const decodeStep = (value: CliReport) => value.costModel.exampleSteps.find((step) => step.phase === 'decode' && step.batchSize === 64)!;
    expect(decodeStep(two).latencyS).toBeLessThan(decodeStep(one).latencyS);
    expect(resultOf(two, 'paged').tensorParallel).toBe(2);
    expect(resultOf(two, 'paged').makespanS).not.toBe(resultOf(one, 'paged').makespanS);
  });

  it('records --dtype bf16, which costs the same as fp16', () => {
    const fp16 = report(...azureOffline, '--policy', 'oracle');
    const bf16 = report(...azureOffline, '--policy', 'oracle', '--dtype', 'bf16');
    expect(bf16.setup.dtype).toBe('bf16');
    expect(resultOf(bf16, 'oracle').dtype).toBe('bf16');
    expect(resultOf(fp16, 'oracle').dtype).toBe('fp16');
    expect(resultOf(bf16, 'oracle').makespanS).toBe(resultOf(fp16, 'oracle').makespanS);
  });

  it('replaces the roofline with --latency-table', () => {
    const rows = ['batch_size,context_tokens,latency_ms'];
    for (const batch of [1, 1024]) for (const context of [0, 10_000_000]) rows.push(`${batch},${context},10`);
    const table = tempFile('flat.csv', `${rows.join('\n')}\n`);
    const measured = report(...azureOffline, '--policy', 'max-length', '--latency-table', table);
    expect(measured.costModel.stepTimes).toBe('latency-table');
    expect(measured.costModel.latencyTable).toEqual({ file: table, kind: 'whole-step', rows: 4 });
    expect(measured.costModel.exampleSteps.every((step) => Math.abs(step.latencyS - 0.01) < 1e-12)).toBe(true);
    const result = resultOf(measured, 'max-length');
    expect(result.latencyTableFile).toBe(table);
    // Every request arrives at 0 s, so the GPU never idles: one 10 ms step per iteration.
    expect(result.makespanS).toBeCloseTo(result.iterations * 0.01, 9);
    const roofline = report(...azureOffline, '--policy', 'max-length');
    expect(roofline.costModel.stepTimes).toBe('fused-roofline');
    expect(resultOf(roofline, 'max-length').latencyTableFile).toBeNull();
  });

  it('switches --mixed-iterations to separate passes', () => {
    const separate = report(...azureOffline, '--policy', 's3', '--confusion', CARD, '--mixed-iterations', 'separate');
    expect(separate.costModel.stepTimes).toBe('separate-rooflines');
    expect(resultOf(separate, 's3').mixedIterations).toBe('separate');
  });

  it('counts the Azure prompts longer than the GPT-J context', () => {
    const full = report('--requests', AZURE, '--arrivals', 'offline', '--policy', 'max-length');
    expect(full.contextOverflow.totalRequests).toBe(19_366);
    expect(full.contextOverflow.promptsOverLimit).toBe(2703);
    expect(full.contextOverflow.overLimit).toBeGreaterThanOrEqual(2703);
    expect(full.contextOverflow.maxSequenceTokens).toBe(2048);
    expect(full.contextOverflow.treatment).toContain('run unchanged');
  });
});

describe('simulate CLI policies and load', () => {
  it('runs every policy with SJF, aging and Gamma arrivals on Alpaca', () => {
    const argv = ['--requests', ALPACA, '--confusion', CARD, '--limit', '300', '--sjf', '--sjf-aging-s', '5', '--arrivals', 'gamma', '--rate', '40', '--cv', '2'];
    const gamma = report(...argv, '--arrival-seed', '3');
    expect(gamma.results?.map((result) => result.policy)).toEqual(['max-length', 's3', 'oracle', 'paged']);
    expect(gamma.arrivals).toEqual({ process: 'gamma:40:2', seed: 3 });
    for (const result of gamma.results!) {
      expect(result.ordering).toBe('sjf');
      expect(result.sjfAgingS).toBe(5);
    }
    expect(gamma.predictions).toMatchObject({ source: CARD, drawn: 300, seed: 0 });
    const otherSeed = report(...argv, '--arrival-seed', '4');
    expect(resultOf(otherSeed, 'oracle').makespanS).not.toBe(resultOf(gamma, 'oracle').makespanS);
  });

  it('reads Poisson, offline and trace arrivals', () => {
    const poisson = report('--requests', AZURE, '--limit', '200', '--policy', 'oracle', '--arrivals', 'poisson', '--rate', '5');
    expect(poisson.arrivals).toEqual({ process: 'poisson:5', seed: 1 });
    const inline = report('--requests', AZURE, '--limit', '200', '--policy', 'oracle', '--arrivals', 'poisson:5');
    expect(resultOf(inline, 'oracle').makespanS).toBe(resultOf(poisson, 'oracle').makespanS);
    const trace = report('--requests', AZURE, '--limit', '200', '--policy', 'oracle');
    expect(trace.arrivals).toEqual({ process: 'trace', seed: 1 });
    // The first 200 requests of the trace span about 35 seconds.
    expect(resultOf(trace, 'oracle').makespanS).toBeGreaterThan(30);
    const offline = report('--requests', AZURE, '--limit', '200', '--policy', 'oracle', '--arrivals', 'offline');
    expect(resultOf(offline, 'oracle').makespanS).toBeLessThan(resultOf(trace, 'oracle').makespanS);
  });

  it('passes the S³ options and the admission rule', () => {
    const value = report(
      ...azureOffline,
      '--confusion',
      CARD,
      '--policy',
      's3,max-length',
      '--s3-allocation',
      'cumulative',
      '--epsilon',
      '0.2',
      '--s3-overflow',
      'extend-or-preempt',
      '--admission',
      'decreasing-first-fit',
    );
    expect(value.results?.map((result) => result.policy)).toEqual(['max-length', 's3']);
    expect(resultOf(value, 's3').s3).toEqual({ allocation: 'cumulative', epsilon: 0.2, overflow: 'extend-or-preempt' });
    expect(resultOf(value, 's3').admission).toBe('decreasing-first-fit');
    expect(resultOf(value, 'max-length').admission).toBe('decreasing-first-fit');
  });

  it('applies the vLLM limits to paged and the batch cap to the others', () => {
    const defaults = report(...azureOffline, '--policy', 'paged,oracle');
    expect(resultOf(defaults, 'paged').batchLimits).toEqual({ maxNumSeqs: 256, maxBatchedTokens: 2048, kvWatermark: 0.01 });
    expect(resultOf(defaults, 'oracle').batchLimits).toEqual({ maxNumSeqs: null, maxBatchedTokens: null, kvWatermark: 0 });
    const capped = report(...azureOffline, '--policy', 'paged,oracle', '--max-num-seqs', '8', '--max-num-batched-tokens', '4096', '--kv-watermark', '0.05', '--batch-cap', '5');
    expect(resultOf(capped, 'paged').batchLimits).toEqual({ maxNumSeqs: 8, maxBatchedTokens: 4096, kvWatermark: 0.05 });
    expect(resultOf(capped, 'paged').peakBatchSize).toBe(8);
    expect(resultOf(capped, 'oracle').peakBatchSize).toBe(5);
    const uncapped = report(...azureOffline, '--policy', 'paged', '--max-num-seqs', 'none', '--max-num-batched-tokens', 'none', '--kv-watermark', '0');
    expect(resultOf(uncapped, 'paged').batchLimits).toEqual({ maxNumSeqs: null, maxBatchedTokens: null, kvWatermark: 0 });
  });

  it('sweeps request rates with Gamma arrivals', () => {
    const argv = ['--requests', AZURE, '--limit', '200', '--policy', 'oracle,paged', '--sweep-rates', '20,5'];
    const gamma = report(...argv, '--arrivals', 'gamma', '--cv', '3');
    expect(gamma.arrivals).toEqual({ sweep: 'gamma', cv: 3, seed: 1 });
    expect(gamma.sweep?.rates).toEqual([5, 20]);
    expect(gamma.sweep?.points.map((point) => [point.ratePerS, point.policy])).toEqual([
      [5, 'oracle'],
      [5, 'paged'],
      [20, 'oracle'],
      [20, 'paged'],
    ]);
    expect(gamma.results).toBeUndefined();
    const poisson = report(...argv);
    expect(poisson.arrivals).toEqual({ sweep: 'poisson', cv: null, seed: 1 });
    expect(poisson.sweep?.points[0]!.makespanS).not.toBe(gamma.sweep?.points[0]!.makespanS);
  });

  it('writes the report with --out', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'simulate-cli-')), 'report.json');
    const result = run('--requests', AZURE, '--limit', '50', '--policy', 'oracle', '--out', out);
    expect(result.status).toBe(0);
    expect(result.out).toContain(`wrote ${out}`);
    const written = JSON.parse(readFileSync(out, 'utf8')) as CliReport;
    expect(written.requests).toBe(50);
    expect(written.results?.[0]!.finishTimesS).toHaveLength(50);
  });
});

describe('simulate CLI errors', () => {
  const cases: readonly (readonly [string[], string])[] = [
    [['--tp', '3'], '--tp must be one of 1, 2, 4, 8; got "3"'],
    [['--tp', '8', '--model', 'llama-33b'], '--tp 8 does not divide the 52 attention heads of'],
    [['--dtype', 'fp8'], '--dtype must be one of fp16, bf16; got "fp8"'],
    [['--policy', 'fifo'], '--policy must be one of max-length, s3, oracle, paged; got "fifo"'],
    [['--max-num-seqs', '0'], '--max-num-seqs must be an integer >= 1, or none; got "0"'],
    [['--max-num-batched-tokens', '1.5'], '--max-num-batched-tokens must be an integer >= 1, or none; got "1.5"'],
    [['--kv-watermark', '1'], '--kv-watermark must be a number in [0, 1); got "1"'],
    [['--batch-cap', 'few'], '--batch-cap must be an integer >= 1, or none; got "few"'],
    [['--arrivals', 'gamma', '--rate', '5'], '--arrivals gamma needs --cv C'],
    [['--arrivals', 'poisson'], '--arrivals poisson needs --rate R'],
    [['--arrivals', 'poisson', '--rate=-2'], '--rate must be a number > 0; got "-2"'],
    [['--arrivals', 'poisson', '--rate', '-2'], "Option '--rate' argument is ambiguous"],
    [['--arrivals', 'trace', '--rate', '2'], '--rate applies only to --arrivals poisson or gamma, not trace'],
    [['--arrivals', 'gamma:5'], '--arrivals: invalid arrival process "gamma:5"'],
    [['--arrival-seed=-1'], '--arrival-seed must be an integer >= 0; got "-1"'],
    [['--epsilon', '1'], '--epsilon must be a number in [0, 1); got "1"'],
    [['--cost', 'warpSpeed=3'], '--cost must be one of'],
    [['--sweep-rates', '5,x'], '--sweep-rates must be a number > 0; got "x"'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--sjf', '--admission', 'decreasing-first-fit'], '--sjf cannot be combined with --admission decreasing-first-fit'],
  ];

  it.each(cases)('rejects %j', (argv, message) => {
    const result = run('--requests', AZURE, ...argv);
    expect(result.status).toBe(1);
    expect(result.error).toContain(message);
    expect(result.report).toBeNull();
  });

  it('parses without reading files', () => {
    const command = parseCliArgs(['--requests', 'not/read/yet.csv', '--model', 'llama-7b', '--tp', '8']);
    expect(command.kind).toBe('run');
    if (command.kind === 'run') expect(command.options.tensorParallel).toBe(8);
  });

  it('rejects a missing --requests', () => {
    expect(run('--policy', 'all').error).toContain('missing --requests FILE');
  });

  it('names the file, line and value of a bad latency table', () => {
    const table = tempFile('bad.csv', 'batch_size,context_tokens,latency_ms\n1,0,5\n2,100,abc\n');
    const result = run(...azureOffline, '--latency-table', table);
    expect(result.status).toBe(1);
    expect(result.error).toContain('--latency-table');
    expect(result.error).toContain(`${table}, line 3`);
    expect(result.error).toContain('abc');
  });

  it('names a latency table that cannot be read', () => {
    const result = run(...azureOffline, '--latency-table', 'no/such/table.csv');
    expect(result.error).toContain('--latency-table: cannot read no/such/table.csv');
  });

  it('names the line of a bad predicted_bucket', () => {
    const trace = tempFile('trace.jsonl', '{"prompt_tokens": 10, "output_tokens": 5, "predicted_bucket": 2}\n{"prompt_tokens": 10, "output_tokens": 5, "predicted_bucket": 99}\n');
    const result = run('--requests', trace, '--policy', 's3');
    expect(result.error).toContain(`${trace} line 2: predicted_bucket must be an integer in [0, 10)`);
    expect(result.error).toContain('got 99');
  });

  it('asks for --confusion when S³ needs buckets the trace lacks', () => {
    const result = run('--requests', ALPACA, '--limit', '10', '--policy', 's3');
    expect(result.error).toContain('10 requests have no predicted_bucket; pass --confusion model-card.json');
  });
});
