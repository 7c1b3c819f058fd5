import { useId } from 'react';
import { useT } from '../../i18n/useT.ts';
import { setArrivalCvText, setArrivalRateText } from './schedulingActions.ts';
import { resolveScheduling } from './schedulingSettings.ts';
import { useSimStore } from './simStore.ts';

/** Rate, and for Gamma arrivals the coefficient of variation, of generated arrivals; nothing for the other modes. */
export function ArrivalRateFields() {
  const { t } = useT();
  const id = useId();
  const { settings, scheduling, phase } = useSimStore();
  const mode = settings.arrivals;
  if (mode !== 'poisson' && mode !== 'gamma') return null;
  const resolution = resolveScheduling(scheduling, mode, false);
  const errors = resolution.ok ? null : resolution.errors;
  const disabled = phase.kind !== 'idle';

  return (
    <div className="arrival-rate">
      <label htmlFor={`${id}-rate`}>{t('sim.settings.arrivalRate')}</label>{' '}
      <input
        id={`${id}-rate`}
        type="number"
        min={0}
        step="any"
        value={scheduling.arrivalRateText}
        disabled={disabled}
        aria-invalid={errors?.arrivalRate === true}
        onChange={(event) => setArrivalRateText(event.target.value)}
        data-testid="sim.arrivalRate"
      />
      {errors?.arrivalRate === true && <div className="inline-error">{t('sim.settings.arrivalRateInvalid')}</div>}
      {mode === 'gamma' && (
        <div>
          <label htmlFor={`${id}-cv`}>{t('sim.settings.arrivalCv')}</label>{' '}
          <input
            id={`${id}-cv`}
            type="number"
            min={0}
            step="any"
            value={scheduling.arrivalCvText}
            disabled={disabled}
            aria-invalid={errors?.arrivalCv === true}
            onChange={(event) => setArrivalCvText(event.target.value)}
            data-testid="sim.arrivalCv"
          />
          <span className="hint"> {t('sim.settings.arrivalCvHint')}</span>
          {errors?.arrivalCv === true && <div className="inline-error">{t('sim.settings.arrivalCvInvalid')}</div>}
        </div>
      )}
    </div>
  );
}
