import { describe, expect, it } from 'vitest';
import { assignArrivals, formatArrivalProcess, gammaVariate, parseArrivalProcess } from './arrivals.ts';
import { SimulationError } from './errors.ts';
import { createRng } from './rng.ts';
import { request } from './testSupport.ts';

const COUNT = 20_000;
const requests = Array.from({ length: COUNT }, (_, index) => request(index, 10, 10, 0, 7));

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]!);
}

function meanAndCv(values: readonly number[]): { mean: number; cv: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, cv: Math.sqrt(variance) / mean };
}

describe('assignArrivals', () => {
  it('puts every request at 0 offline and keeps trace times', () => {
    expect(assignArrivals(requests.slice(0, 3), { kind: 'offline' }, 1).map((item) => item.arrivalTimeS)).toEqual([0, 0, 0]);
    expect(assignArrivals(requests, { kind: 'trace' }, 1)).toBe(requests);
  });

  it('draws Poisson arrivals at the given rate, starting at 0', () => {
    const times = assignArrivals(requests, { kind: 'poisson', ratePerS: 4 }, 11).map((item) => item.arrivalTimeS);
    expect(times[0]).toBe(0);
    const { mean, cv } = meanAndCv(gaps(times));
    // Standard error of the mean gap over 20,000 draws is about 0.7%.
    expect(mean).toBeCloseTo(0.25, 2);
    expect(cv).toBeGreaterThan(0.96);
    expect(cv).toBeLessThan(1.04);
  });

  it('draws Gamma arrivals with the given coefficient of variation', () => {
    for (const cv of [0.5, 2, 4]) {
      const times = assignArrivals(requests, { kind: 'gamma', ratePerS: 2, cv }, 5).map((item) => item.arrivalTimeS);
      const measured = meanAndCv(gaps(times));
      expect(measured.mean, `mean gap at cv ${cv}`).toBeGreaterThan(0.5 * 0.95);
      expect(measured.mean, `mean gap at cv ${cv}`).toBeLessThan(0.5 * 1.05);
      expect(measured.cv, `cv at cv ${cv}`).toBeGreaterThan(cv * 0.92);
      expect(measured.cv, `cv at cv ${cv}`).toBeLessThan(cv * 1.08);
    }
  });

  it('repeats for a seed and scales with the rate', () => {
    const slow = assignArrivals(requests.slice(0, 50), { kind: 'poisson', ratePerS: 1 }, 3);
    const fast = assignArrivals(requests.slice(0, 50), { kind: 'poisson', ratePerS: 10 }, 3);
    expect(assignArrivals(requests.slice(0, 50), { kind: 'poisson', ratePerS: 1 }, 3)).toEqual(slow);
    fast.forEach((item, index) => expect(item.arrivalTimeS).toBeCloseTo(slow[index]!.arrivalTimeS / 10, 9));
    expect(slow[1]!.id).toBe(1);
    expect(slow[1]!.promptTokens).toBe(10);
  });

  it('rejects a rate or coefficient of variation that is not positive', () => {
    expect(() => assignArrivals(requests, { kind: 'poisson', ratePerS: 0 }, 1)).toThrow(SimulationError);
    expect(() => assignArrivals(requests, { kind: 'gamma', ratePerS: 1, cv: Number.NaN }, 1)).toThrow(
      'coefficient of variation must be a finite number > 0, got NaN',
    );
  });
});

describe('gammaVariate', () => {
  it('has mean equal to its shape', () => {
    for (const shape of [0.25, 1, 3.5]) {
      const rng = createRng(9);
      let sum = 0;
      for (let i = 0; i < COUNT; i += 1) sum += gammaVariate(rng, shape);
      expect(sum / COUNT, `shape ${shape}`).toBeCloseTo(shape, 1);
    }
  });
});

describe('parseArrivalProcess', () => {
  it('reads the CLI forms and formats them back', () => {
    for (const text of ['offline', 'trace', 'poisson:2.5', 'gamma:3:1.5']) {
      expect(formatArrivalProcess(parseArrivalProcess(text))).toBe(text);
    }
    expect(parseArrivalProcess('gamma:3:1.5')).toEqual({ kind: 'gamma', ratePerS: 3, cv: 1.5 });
  });

  it('names the accepted forms for invalid text', () => {
    expect(() => parseArrivalProcess('poisson')).toThrow(
      'invalid arrival process "poisson"; expected offline, trace, poisson:RATE or gamma:RATE:CV (RATE in requests/s)',
    );
    expect(() => parseArrivalProcess('poisson:-1')).toThrow('arrival rate must be a finite number of requests/s > 0, got -1');
  });
});
