/** Setters of the Simulate view's scheduling choices. */
import { POLICY_NAMES, type PolicyName, type S3AllocationRule, type S3OverflowRule } from '../../sim/index.ts';
import { DEFAULT_SCHEDULING, type SchedulingSettings, type SloMetric, type SweepArrivals } from './schedulingSettings.ts';
import { useSimStore } from './simStore.ts';

function update(change: Partial<SchedulingSettings>): void {
  useSimStore.setState((state) => ({ scheduling: { ...state.scheduling, ...change } }));
}

/** Adds or removes a policy, keeping `POLICY_NAMES` order. */
export function setPolicyChosen(policy: PolicyName, chosen: boolean): void {
  useSimStore.setState((state) => {
    const current = new Set(state.scheduling.policies);
    if (chosen) current.add(policy);
    else current.delete(policy);
    return { scheduling: { ...state.scheduling, policies: POLICY_NAMES.filter((name) => current.has(name)) } };
  });
}

export function setS3Allocation(s3Allocation: S3AllocationRule): void {
  update({ s3Allocation });
}

export function setEpsilonText(epsilonText: string): void {
  update({ epsilonText });
}

export function setS3Overflow(s3Overflow: S3OverflowRule): void {
  update({ s3Overflow });
}

export function setS3DecreasingFirstFit(s3DecreasingFirstFit: boolean): void {
  update({ s3DecreasingFirstFit });
}

export function setBlockSizeText(blockSizeText: string): void {
  update({ blockSizeText });
}

export function setMaxNumSeqsText(maxNumSeqsText: string): void {
  update({ maxNumSeqsText });
}

export function setMaxBatchedTokensText(maxBatchedTokensText: string): void {
  update({ maxBatchedTokensText });
}

export function setKvWatermarkText(kvWatermarkText: string): void {
  update({ kvWatermarkText });
}

export function setOtherMaxNumSeqsText(otherMaxNumSeqsText: string): void {
  update({ otherMaxNumSeqsText });
}

export function setSjf(sjf: boolean): void {
  update({ sjf });
}

export function setAgingText(agingText: string): void {
  update({ agingText });
}

export function setArrivalRateText(arrivalRateText: string): void {
  update({ arrivalRateText });
}

export function setArrivalCvText(arrivalCvText: string): void {
  update({ arrivalCvText });
}

export function setSloMetric(sloMetric: SloMetric): void {
  update({ sloMetric });
}

export function setSloMsText(sloMsText: string): void {
  update({ sloMsText });
}

export function setSweepRatesText(sweepRatesText: string): void {
  update({ sweepRatesText });
}

export function setSweepArrivals(sweepArrivals: SweepArrivals): void {
  update({ sweepArrivals });
}

export function setSweepCvText(sweepCvText: string): void {
  update({ sweepCvText });
}

export function resetScheduling(): void {
  useSimStore.setState({ scheduling: DEFAULT_SCHEDULING });
}
