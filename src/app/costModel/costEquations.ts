/**
 * The cost model's equations as text, each in symbols and with the current numbers
 * substituted. Mathematical notation is the same in every UI language, so only the
 * number format depends on the locale.
 */
import type { CostModel } from '../../sim/index.ts';

/** Formats a number with at most `maxDigits` fraction digits in the UI locale. */
export type NumberFormat = (value: number, maxDigits?: number) => string;

export interface CostEquations {
  readonly kvBytesPerToken: readonly string[];
  readonly weights: readonly string[];
  readonly capacity: readonly string[];
  readonly decode: readonly string[];
  readonly prefill: readonly string[];
  readonly iteration: readonly string[];
  readonly ridge: readonly string[];
  /** Empty on one GPU, where there is no all-reduce. */
  readonly allReduce: readonly string[];
}

const GIB = 2 ** 30;

function gib(value: number, format: NumberFormat): string {
  return `${format(value / GIB, 1)} GiB`;
}

/** Builds the equations of `cost`, with numbers formatted by `format`. */
export function costEquations(cost: CostModel, format: NumberFormat): CostEquations {
  const { constants } = cost;
  const gpus = cost.tensorParallel;
  const whole = (value: number): string => format(value, 0);
  const perTokenMicroseconds = cost.allReduceTimePerToken * 1e6;

  return {
    kvBytesPerToken: [
      'kv = 2 × L × h × b',
      `   = 2 × ${whole(constants.layers)} × ${whole(constants.hiddenSize)} × ${whole(constants.bytesPerElement)} B` +
        ` = ${whole(cost.kvBytesPerToken)} B (${format(cost.kvBytesPerToken / 1024, 0)} KiB)`,
    ],
    weights: [
      'W = P × b',
      `  = ${whole(constants.modelParameters)} × ${whole(constants.bytesPerElement)} B = ${whole(cost.weightBytes)} B (${gib(cost.weightBytes, format)})`,
    ],
    capacity: [
      'KV = N × M − W − N × R',
      `   = ${gpus} × ${whole(constants.gpuMemoryBytes)} − ${whole(cost.weightBytes)} − ${gpus} × ${whole(constants.activationReserveBytes)}` +
        ` = ${whole(cost.kvCapacityBytes)} B (${gib(cost.kvCapacityBytes, format)})`,
      `tokens = ⌊KV / kv⌋ = ${whole(cost.kvCapacityTokens)}`,
    ],
    decode: [
      't_decode = max((W + (C + B) × kv) / (N × BW), (2P × B + 4Lh × (C + B)) / (N × F)) + B × t_AR',
    ],
    prefill: [
      't_prefill = max((W + T × kv) / (N × BW), (2P × T + 4Lh × T(T + 1)/2) / (N × F)) + T × t_AR',
    ],
    iteration: [
      cost.mixedIterations === 'fused'
        ? 't_iteration = max((W + (C + B + T) × kv) / (N × BW), (2P × (B + T) + 4Lh × (C + B + T(T + 1)/2)) / (N × F)) + (B + T) × t_AR + overhead'
        : 't_iteration = t_prefill + t_decode + overhead',
      `overhead = ${format(constants.iterationOverheadS * 1000, 3)} ms`,
    ],
    ridge: [
      `F / BW = ${format(cost.peakFlops / 1e12, 0)} TFLOP/s / ${format(cost.memoryBandwidth / 1e9, 0)} GB/s` +
        ` = ${format(cost.peakFlops / cost.memoryBandwidth, 0)} FLOP/B`,
    ],
    allReduce:
      gpus === 1
        ? []
        : [
            't_AR = 2 × L × 4(N − 1)/N × h × b / NVLink',
            `     = 2 × ${whole(constants.layers)} × 4 × ${gpus - 1}/${gpus} × ${whole(constants.hiddenSize)} × ${whole(constants.bytesPerElement)} B` +
              ` / ${format((constants.interconnectBandwidthBytesPerS ?? Number.NaN) / 1e9, 0)} GB/s = ${format(perTokenMicroseconds, 3)} µs per token`,
          ],
  };
}
