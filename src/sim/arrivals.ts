/**
 * Arrival processes for replaying a workload under a chosen load: all at once
 * (offline), the trace's own timestamps, or seeded Poisson or Gamma arrivals.
 *
 * Gaps between arrivals are drawn with mean 1 and divided by the rate, so the same
 * seed gives the same pattern at every rate, only compressed or stretched. A sweep
 * over rates then compares loads, not different random draws.
 */
import { SimulationError } from './errors.ts';
import { createRng, standardNormal, type Rng } from './rng.ts';
import type { SimRequest } from './types.ts';

export type ArrivalProcess =
  | { readonly kind: 'offline' }
  | { readonly kind: 'trace' }
  | { readonly kind: 'poisson'; readonly ratePerS: number }
  /** Gamma-distributed gaps: `cv` is the coefficient of variation of a gap, 1 for Poisson, above 1 for bursts. */
  | { readonly kind: 'gamma'; readonly ratePerS: number; readonly cv: number };

export type ArrivalKind = ArrivalProcess['kind'];
export const ARRIVAL_KINDS: readonly ArrivalKind[] = Object.freeze(['offline', 'trace', 'poisson', 'gamma']);

/**
 * Returns copies of `requests` with arrival times from `process`, in input order: the
 * first request arrives at 0 and each later one one gap after the previous. Under
 * `trace` the requests are returned unchanged. Throws `SimulationError` for a rate
 * or coefficient of variation that is not a finite number > 0.
 */
export function assignArrivals(requests: readonly SimRequest[], process: ArrivalProcess, seed: number): readonly SimRequest[] {
  checkArrivalProcess(process);
  switch (process.kind) {
    case 'trace':
      return requests;
    case 'offline':
      return requests.map((request) => ({ ...request, arrivalTimeS: 0 }));
    case 'poisson':
    case 'gamma': {
      const rng = createRng(seed);
      const shape = process.kind === 'gamma' ? 1 / (process.cv * process.cv) : 1;
      let clock = 0;
      return requests.map((request, index) => {
        if (index > 0) clock += unitMeanGap(rng, shape) / process.ratePerS;
        return { ...request, arrivalTimeS: clock };
      });
    }
  }
}

/**
 * Parses `offline`, `trace`, `poisson:RATE` or `gamma:RATE:CV` (RATE in requests per
 * second), the form the CLI takes. Throws `SimulationError` naming the accepted forms.
 */
export function parseArrivalProcess(text: string): ArrivalProcess {
  const [kind, ...parameters] = text.trim().split(':');
  const numbers = parameters.map(Number);
  let process: ArrivalProcess | undefined;
  if ((kind === 'offline' || kind === 'trace') && numbers.length === 0) process = { kind };
  if (kind === 'poisson' && numbers.length === 1) process = { kind, ratePerS: numbers[0]! };
  if (kind === 'gamma' && numbers.length === 2) process = { kind, ratePerS: numbers[0]!, cv: numbers[1]! };
  if (process === undefined) {
    throw new SimulationError(
      'invalid-config',
      `invalid arrival process "${text}"; expected offline, trace, poisson:RATE or gamma:RATE:CV (RATE in requests/s)`,
    );
  }
  checkArrivalProcess(process);
  return process;
}

/** Formats a process the way `parseArrivalProcess` reads it. */
export function formatArrivalProcess(process: ArrivalProcess): string {
  switch (process.kind) {
    case 'offline':
    case 'trace':
      return process.kind;
    case 'poisson':
      return `poisson:${process.ratePerS}`;
    case 'gamma':
      return `gamma:${process.ratePerS}:${process.cv}`;
  }
}

function checkArrivalProcess(process: ArrivalProcess): void {
  if (process.kind === 'offline' || process.kind === 'trace') return;
  if (!(Number.isFinite(process.ratePerS) && process.ratePerS > 0)) {
    throw new SimulationError('invalid-config', `arrival rate must be a finite number of requests/s > 0, got ${String(process.ratePerS)}`);
  }
  if (process.kind === 'gamma' && !(Number.isFinite(process.cv) && process.cv > 0)) {
    throw new SimulationError('invalid-config', `coefficient of variation must be a finite number > 0, got ${String(process.cv)}`);
  }
}

/** Draws a gap with mean 1: Gamma(shape, scale 1 / shape), which is Exp(1) when shape is 1. */
function unitMeanGap(rng: Rng, shape: number): number {
  if (shape === 1) return -Math.log(1 - rng.next());
  return gammaVariate(rng, shape) / shape;
}

/**
 * Draws from Gamma(shape, 1) by Marsaglia and Tsang's method ("A simple method for
 * generating gamma variables", ACM TOMS 26(3), 2000). Shapes below 1 use their
 * boost: Gamma(k) = Gamma(k + 1) · U^(1/k).
 */
export function gammaVariate(rng: Rng, shape: number): number {
  if (shape < 1) {
    const boost = Math.pow(1 - rng.next(), 1 / shape);
    return gammaVariate(rng, shape + 1) * boost;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(rng);
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
