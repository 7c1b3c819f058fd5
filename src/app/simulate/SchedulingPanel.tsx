import { useId } from 'react';
import { useT } from '../../i18n/useT.ts';
import {
  defaultMaxBatchedTokens,
  POLICY_NAMES,
  S3_ALLOCATION_RULES,
  S3_OVERFLOW_RULES,
  type S3AllocationRule,
  type S3OverflowRule,
} from '../../sim/index.ts';
import { POLICY_COLORS, POLICY_DESCRIPTIONS, POLICY_LABELS } from './policyStyle.ts';
import {
  resetScheduling,
  setAgingText,
  setBlockSizeText,
  setEpsilonText,
  setKvWatermarkText,
  setMaxBatchedTokensText,
  setMaxNumSeqsText,
  setOtherMaxNumSeqsText,
  setPolicyChosen,
  setS3Allocation,
  setS3DecreasingFirstFit,
  setS3Overflow,
  setSjf,
  setSloMetric,
  setSloMsText,
} from './schedulingActions.ts';
import { resolveScheduling, type SloMetric } from './schedulingSettings.ts';
import { useSimStore } from './simStore.ts';

const ALLOCATION_LABELS = Object.freeze({ 'most-likely': 'sim.sched.mostLikely', cumulative: 'sim.sched.cumulative' } as const);
const OVERFLOW_LABELS = Object.freeze({ preempt: 'sim.sched.preempt', 'extend-or-preempt': 'sim.sched.extend' } as const);

function isAllocationRule(value: string): value is S3AllocationRule {
  return (S3_ALLOCATION_RULES as readonly string[]).includes(value);
}

function isOverflowRule(value: string): value is S3OverflowRule {
  return (S3_OVERFLOW_RULES as readonly string[]).includes(value);
}

/** Renders the policy chooser and the scheduling options: S³ supervisor, paged blocks and vLLM limits, batch cap, SJF and the SLO. */
export function SchedulingPanel() {
  const { t } = useT();
  const id = useId();
  const { scheduling, settings, phase } = useSimStore();
  const disabled = phase.kind !== 'idle';
  const resolution = resolveScheduling(scheduling, settings.arrivals, false);
  const errors = resolution.ok ? null : resolution.errors;
  const defaultTokens = defaultMaxBatchedTokens(settings.modelId);

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="sim.scheduling">
      <div className="row spread">
        <h2 id={`${id}-heading`}>{t('sim.sched.title')}</h2>
        <button type="button" className="secondary small" onClick={resetScheduling} disabled={disabled}>
          {t('sim.settings.reset')}
        </button>
      </div>
      <p className="hint">{t('sim.sched.intro')}</p>

      <fieldset className="policy-choices" disabled={disabled}>
        <legend>{t('sim.sched.policies')}</legend>
        {POLICY_NAMES.map((policy) => (
          <label key={policy} className="checkbox">
            <input
              type="checkbox"
              checked={scheduling.policies.includes(policy)}
              onChange={(event) => setPolicyChosen(policy, event.target.checked)}
              data-testid={`sim.policy.${policy}`}
            />
            <span className="swatch" style={{ backgroundColor: POLICY_COLORS[policy] }} aria-hidden="true" />
            {t(POLICY_LABELS[policy])} <span className="hint">— {t(POLICY_DESCRIPTIONS[policy])}</span>
          </label>
        ))}
        {errors?.policies === true && <div className="inline-error">{t('sim.sched.policiesInvalid')}</div>}
      </fieldset>

      <div className="settings-grid">
        <label htmlFor={`${id}-allocation`}>{t('sim.sched.s3Allocation')}</label>
        <div>
          <select
            id={`${id}-allocation`}
            value={scheduling.s3Allocation}
            disabled={disabled}
            onChange={(event) => {
              if (isAllocationRule(event.target.value)) setS3Allocation(event.target.value);
            }}
            data-testid="sim.s3.allocation"
          >
            {S3_ALLOCATION_RULES.map((rule) => (
              <option key={rule} value={rule}>
                {t(ALLOCATION_LABELS[rule])}
              </option>
            ))}
          </select>
          {scheduling.s3Allocation === 'cumulative' && (
            <div>
              <label htmlFor={`${id}-epsilon`}>{t('sim.sched.epsilon')}</label>{' '}
              <input
                id={`${id}-epsilon`}
                type="number"
                min={0}
                max={1}
                step="any"
                value={scheduling.epsilonText}
                disabled={disabled}
                aria-invalid={errors?.epsilon === true}
                onChange={(event) => setEpsilonText(event.target.value)}
                data-testid="sim.s3.epsilon"
              />
              {errors?.epsilon === true && <div className="inline-error">{t('sim.sched.epsilonInvalid')}</div>}
              <div className="hint">{t('sim.sched.cumulativeHint')}</div>
            </div>
          )}
        </div>

        <label htmlFor={`${id}-overflow`}>{t('sim.sched.s3Overflow')}</label>
        <div>
          <select
            id={`${id}-overflow`}
            value={scheduling.s3Overflow}
            disabled={disabled}
            onChange={(event) => {
              if (isOverflowRule(event.target.value)) setS3Overflow(event.target.value);
            }}
            data-testid="sim.s3.overflow"
          >
            {S3_OVERFLOW_RULES.map((rule) => (
              <option key={rule} value={rule}>
                {t(OVERFLOW_LABELS[rule])}
              </option>
            ))}
          </select>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={scheduling.s3DecreasingFirstFit && !scheduling.sjf}
              disabled={disabled || scheduling.sjf}
              onChange={(event) => setS3DecreasingFirstFit(event.target.checked)}
              data-testid="sim.s3.dff"
            />
            {t('sim.sched.dff')}
          </label>
        </div>

        <label htmlFor={`${id}-block`}>{t('sim.sched.blockSize')}</label>
        <div>
          <input
            id={`${id}-block`}
            type="number"
            min={1}
            step={1}
            value={scheduling.blockSizeText}
            disabled={disabled}
            aria-invalid={errors?.blockSize === true}
            onChange={(event) => setBlockSizeText(event.target.value)}
            data-testid="sim.blockSize"
          />
          {errors?.blockSize === true && <div className="inline-error">{t('sim.sched.blockSizeInvalid')}</div>}
          <div className="hint">{t('sim.sched.pagedHint')}</div>
        </div>

        <span className="label">{t('sim.sched.vllmLimits')}</span>
        <div className="limit-fields" data-testid="sim.vllmLimits">
          <div>
            <label htmlFor={`${id}-max-seqs`}>{t('sim.sched.maxNumSeqs')}</label>{' '}
            <input
              id={`${id}-max-seqs`}
              type="number"
              min={1}
              step={1}
              value={scheduling.maxNumSeqsText}
              disabled={disabled}
              aria-invalid={errors?.maxNumSeqs === true}
              onChange={(event) => setMaxNumSeqsText(event.target.value)}
              data-testid="sim.maxNumSeqs"
            />
            {errors?.maxNumSeqs === true && <div className="inline-error">{t('sim.sched.wholeNumberInvalid')}</div>}
          </div>
          <div>
            <label htmlFor={`${id}-max-tokens`}>{t('sim.sched.maxBatchedTokens')}</label>{' '}
            <input
              id={`${id}-max-tokens`}
              type="number"
              min={1}
              step={1}
              placeholder={String(defaultTokens)}
              value={scheduling.maxBatchedTokensText}
              disabled={disabled}
              aria-invalid={errors?.maxBatchedTokens === true}
              onChange={(event) => setMaxBatchedTokensText(event.target.value)}
              data-testid="sim.maxBatchedTokens"
            />
            {errors?.maxBatchedTokens === true && <div className="inline-error">{t('sim.sched.wholeNumberInvalid')}</div>}
            <div className="hint">{t('sim.sched.maxBatchedTokensHint', { tokens: defaultTokens })}</div>
          </div>
          <div>
            <label htmlFor={`${id}-watermark`}>{t('sim.sched.kvWatermark')}</label>{' '}
            <input
              id={`${id}-watermark`}
              type="number"
              min={0}
              max={1}
              step="any"
              value={scheduling.kvWatermarkText}
              disabled={disabled}
              aria-invalid={errors?.kvWatermark === true}
              onChange={(event) => setKvWatermarkText(event.target.value)}
              data-testid="sim.kvWatermark"
            />
            {errors?.kvWatermark === true && <div className="inline-error">{t('sim.sched.shareInvalid')}</div>}
            <div className="hint">{t('sim.sched.kvWatermarkHint')}</div>
          </div>
          <div className="hint">{t('sim.sched.limitsNote')}</div>
        </div>

        <label htmlFor={`${id}-other-seqs`}>{t('sim.sched.otherMaxNumSeqs')}</label>
        <div>
          <input
            id={`${id}-other-seqs`}
            type="number"
            min={1}
            step={1}
            value={scheduling.otherMaxNumSeqsText}
            disabled={disabled}
            aria-invalid={errors?.otherMaxNumSeqs === true}
            onChange={(event) => setOtherMaxNumSeqsText(event.target.value)}
            data-testid="sim.otherMaxNumSeqs"
          />
          {errors?.otherMaxNumSeqs === true && <div className="inline-error">{t('sim.sched.wholeNumberInvalid')}</div>}
          <div className="hint">{t('sim.sched.otherMaxNumSeqsHint')}</div>
        </div>

        <span className="label">{t('sim.sched.sjf')}</span>
        <div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={scheduling.sjf}
              disabled={disabled}
              onChange={(event) => setSjf(event.target.checked)}
              data-testid="sim.sjf"
            />
            {t('sim.sched.sjfHint')}
          </label>
          {scheduling.sjf && (
            <div>
              <label htmlFor={`${id}-aging`}>{t('sim.sched.aging')}</label>{' '}
              <input
                id={`${id}-aging`}
                type="number"
                min={0}
                step="any"
                value={scheduling.agingText}
                disabled={disabled}
                aria-invalid={errors?.aging === true}
                onChange={(event) => setAgingText(event.target.value)}
                data-testid="sim.sjfAging"
              />
              {errors?.aging === true && <div className="inline-error">{t('sim.sched.agingInvalid')}</div>}
            </div>
          )}
        </div>

        <label htmlFor={`${id}-slo`}>{t('sim.sched.slo')}</label>
        <div>
          <select
            value={scheduling.sloMetric}
            disabled={disabled}
            aria-label={t('sim.sched.slo')}
            onChange={(event) => setSloMetric(event.target.value as SloMetric)}
            data-testid="sim.slo.metric"
          >
            <option value="e2e">{t('sim.sched.sloE2e')}</option>
            <option value="ttft">{t('sim.sched.sloTtft')}</option>
          </select>{' '}
          <input
            id={`${id}-slo`}
            type="number"
            min={0}
            step="any"
            placeholder={t('sim.sched.sloMs')}
            aria-label={t('sim.sched.sloMs')}
            value={scheduling.sloMsText}
            disabled={disabled}
            aria-invalid={errors?.slo === true}
            onChange={(event) => setSloMsText(event.target.value)}
            data-testid="sim.slo.ms"
          />
          <span className="hint"> {t('sim.sched.sloMs')}. {t('sim.sched.sloHint')}</span>
          {errors?.slo === true && <div className="inline-error">{t('sim.sched.sloInvalid')}</div>}
        </div>
      </div>
    </section>
  );
}
