import { describe, expect, it } from 'vitest';
import {
  arrivalProcessFor,
  DEFAULT_SCHEDULING,
  parseRates,
  resolveScheduling,
  schedulingConfig,
  type SchedulingSettings,
} from './schedulingSettings.ts';

function resolved(change: Partial<SchedulingSettings> = {}, arrivals: 'trace' | 'burst' | 'poisson' | 'gamma' = 'trace') {
  const resolution = resolveScheduling({ ...DEFAULT_SCHEDULING, ...change }, arrivals, true);
  if (!resolution.ok) throw new Error(`expected valid settings, got ${JSON.stringify(resolution.errors)}`);
  return resolution.value;
}

describe('resolveScheduling', () => {
  it('accepts the defaults and runs the three original policies', () => {
    const value = resolved();
    expect(value.policies).toEqual(['max-length', 's3', 'oracle']);
    expect(value.slo).toBeNull();
    expect(value.sweepRates).toEqual([2, 5, 10, 20, 40]);
  });

  it('keeps the policies in their canonical order', () => {
    expect(resolved({ policies: ['paged', 'max-length'] }).policies).toEqual(['max-length', 'paged']);
  });

  it('flags each invalid field', () => {
    const resolution = resolveScheduling(
      {
        ...DEFAULT_SCHEDULING,
        policies: [],
        s3Allocation: 'cumulative',
        epsilonText: '1',
        blockSizeText: '2.5',
        sjf: true,
        agingText: '0',
        arrivalRateText: '',
        arrivalCvText: '-1',
        sloMsText: 'abc',
        sweepRatesText: '1, x',
        otherMaxNumSeqsText: '0',
        sweepArrivals: 'gamma',
        sweepCvText: '0',
      },
      'gamma',
      true,
    );
    expect(resolution).toEqual({
      ok: false,
      errors: {
        policies: true,
        epsilon: true,
        blockSize: true,
        maxNumSeqs: false,
        maxBatchedTokens: false,
        kvWatermark: false,
        otherMaxNumSeqs: true,
        aging: true,
        arrivalRate: true,
        arrivalCv: true,
        slo: true,
        sweepRates: true,
        sweepCv: true,
      },
    });
  });

  it('checks the vLLM limits only when paged runs', () => {
    const limits = { maxNumSeqsText: '0', maxBatchedTokensText: '2.5', kvWatermarkText: '1' };
    const withPaged = resolveScheduling({ ...DEFAULT_SCHEDULING, ...limits, policies: ['paged'] }, 'trace', false);
    expect(withPaged.ok).toBe(false);
    if (!withPaged.ok) {
      expect(withPaged.errors.maxNumSeqs).toBe(true);
      expect(withPaged.errors.maxBatchedTokens).toBe(true);
      expect(withPaged.errors.kvWatermark).toBe(true);
    }
    expect(resolveScheduling({ ...DEFAULT_SCHEDULING, ...limits, policies: ['s3'] }, 'trace', false).ok).toBe(true);
  });

  it('reads the sweep arrival process', () => {
    expect(resolved().sweepCv).toBeNull();
    expect(resolved({ sweepArrivals: 'gamma', sweepCvText: '2.5' }).sweepCv).toBe(2.5);
  });

  it('checks fields only when a choice reads them', () => {
    const lenient = { ...DEFAULT_SCHEDULING, epsilonText: 'x', agingText: 'x', arrivalRateText: 'x', sweepRatesText: '' };
    expect(resolveScheduling(lenient, 'trace', false).ok).toBe(true);
    expect(resolveScheduling(lenient, 'trace', true).ok).toBe(false);
    expect(resolveScheduling(lenient, 'poisson', false).ok).toBe(false);
  });

  it('turns the SLO threshold into seconds for the chosen metric', () => {
    expect(resolved({ sloMsText: '1500' }).slo).toEqual({ e2eS: 1.5 });
    expect(resolved({ sloMsText: '200', sloMetric: 'ttft' }).slo).toEqual({ ttftS: 0.2 });
  });
});

describe('parseRates', () => {
  it('sorts and deduplicates positive rates', () => {
    expect(parseRates(' 8, 2,2 ,0.5 ')).toEqual([0.5, 2, 8]);
  });

  it('rejects empty, zero and non-numeric rates', () => {
    expect(parseRates('')).toBeNull();
    expect(parseRates('1, 0')).toBeNull();
    expect(parseRates('1, two')).toBeNull();
  });
});

describe('schedulingConfig', () => {
  it('passes the S³, paged, SJF and SLO options to every policy', () => {
    const value = resolved({ s3Overflow: 'extend-or-preempt', sjf: true, agingText: '12', blockSizeText: '32', sloMsText: '1000' });
    expect(schedulingConfig('paged', value)).toEqual({
      maxNumSeqs: 256,
      kvWatermark: 0.01,
      ordering: 'sjf',
      sjfAgingS: 12,
      s3Allocation: 'most-likely',
      s3Epsilon: 0.1,
      s3Overflow: 'extend-or-preempt',
      blockSizeTokens: 32,
      slo: { e2eS: 1 },
    });
  });

  it('gives paged the vLLM limits and the others the batch cap', () => {
    const value = resolved({ maxNumSeqsText: '64', maxBatchedTokensText: '4096', kvWatermarkText: '0', otherMaxNumSeqsText: '32' });
    expect(schedulingConfig('paged', value)).toMatchObject({ maxNumSeqs: 64, maxBatchedTokens: 4096, kvWatermark: 0 });
    expect(schedulingConfig('s3', value)).toMatchObject({ maxNumSeqs: 32 });
    expect(schedulingConfig('s3', value).kvWatermark).toBeUndefined();
    expect(schedulingConfig('oracle', resolved()).maxNumSeqs).toBeUndefined();
  });

  it('gives decreasing first fit to S³ only, and not with SJF', () => {
    expect(schedulingConfig('s3', resolved({ s3DecreasingFirstFit: true })).admission).toBe('decreasing-first-fit');
    expect(schedulingConfig('oracle', resolved({ s3DecreasingFirstFit: true })).admission).toBeUndefined();
    expect(schedulingConfig('s3', resolved({ s3DecreasingFirstFit: true, sjf: true })).admission).toBeUndefined();
  });
});

describe('arrivalProcessFor', () => {
  it('maps each arrival mode to a process', () => {
    const value = resolved({ arrivalRateText: '4', arrivalCvText: '3' }, 'gamma');
    expect(arrivalProcessFor('trace', value)).toEqual({ kind: 'trace' });
    expect(arrivalProcessFor('burst', value)).toEqual({ kind: 'offline' });
    expect(arrivalProcessFor('poisson', value)).toEqual({ kind: 'poisson', ratePerS: 4 });
    expect(arrivalProcessFor('gamma', value)).toEqual({ kind: 'gamma', ratePerS: 4, cv: 3 });
  });
});
