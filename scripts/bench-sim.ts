/**
 * Benchmarks the simulator: 100,000 seeded synthetic conversation requests, all
 * arriving at time 0, simulated once per policy. Prints the median wall time over
 * --repeat runs per policy, the requests simulated per second, and the total.
 *
 * Usage (from the repository root):
 *   npx tsx scripts/bench-sim.ts [--requests N] [--repeat N]
 */
import { parseArgs } from 'node:util';
import { S3_DEFAULT_SCHEME } from '../src/predictor/buckets.ts';
import { neighbourConfusionMatrix, POLICY_NAMES, simulate, syntheticWorkload, type PolicyName } from '../src/sim/index.ts';

/** Requests of the short run that warms up the JIT before timing. */
const WARM_UP_REQUESTS = 5_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '100000' },
      repeat: { type: 'string', default: '3' },
    },
  });
  const count = Number(values.requests);
  const repeat = Number(values.repeat);
  if (!(Number.isSafeInteger(count) && count >= 1) || !(Number.isSafeInteger(repeat) && repeat >= 1)) {
    throw new Error(`--requests and --repeat must be integers >= 1, got ${values.requests} and ${values.repeat}`);
  }
  const workload = (size: number) =>
    syntheticWorkload({ count: size, seed: 1, scheme: S3_DEFAULT_SCHEME, confusionMatrix: neighbourConfusionMatrix(S3_DEFAULT_SCHEME, 0.7) });
  const config = (policy: PolicyName) => ({ policy, modelId: 'gptj-6b', gpuId: 'a100-80gb', scheme: S3_DEFAULT_SCHEME }) as const;

  const warmUp = workload(WARM_UP_REQUESTS);
  for (const policy of POLICY_NAMES) simulate(warmUp, config(policy));

  const requests = workload(count);
  console.log(`simulator benchmark: ${count} requests, offline, GPT-J 6B on A100 80GB, median of ${repeat} runs, Node ${process.version}`);
  console.log(`${'policy'.padEnd(12)}${'seconds'.padStart(9)}${'requests/s'.padStart(13)}${'iterations'.padStart(12)}`);
  let totalSeconds = 0;
  for (const policy of POLICY_NAMES) {
    const times: number[] = [];
    let iterations = 0;
    for (let run = 0; run < repeat; run += 1) {
      const start = performance.now();
      iterations = simulate(requests, config(policy)).iterations;
      times.push((performance.now() - start) / 1000);
    }
    const seconds = median(times);
    totalSeconds += seconds;
    console.log(`${policy.padEnd(12)}${seconds.toFixed(3).padStart(9)}${Math.round(count / seconds).toLocaleString('en-US').padStart(13)}${String(iterations).padStart(12)}`);
  }
  console.log(
    `${'all'.padEnd(12)}${totalSeconds.toFixed(3).padStart(9)}${Math.round((count * POLICY_NAMES.length) / totalSeconds).toLocaleString('en-US').padStart(13)}`,
  );
}

main();
