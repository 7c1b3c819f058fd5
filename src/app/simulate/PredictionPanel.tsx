import { useT } from '../../i18n/useT.ts';
import { usePredictorStore } from '../predictor/predictorStore.ts';
import { setPredictionMode } from './settingsActions.ts';
import { effectivePredictionMode, useSimStore } from './simStore.ts';

/** Says plainly where the S³ policy's predicted buckets come from for the loaded trace. */
export function PredictionPanel() {
  const { t } = useT();
  const { loaded, predictionMode, phase } = useSimStore();
  const predictor = usePredictorStore((state) => state.status);
  if (loaded === null) return null;
  const mode = effectivePredictionMode(loaded, predictionMode);
  let note = t('sim.prediction.predictorNote');
  if (mode === 'confusion-matrix') {
    note = loaded.trace.hasPrompts ? t('sim.prediction.matrixChosenNote') : t('sim.prediction.noPromptsNote');
  }

  return (
    <section className="card" aria-labelledby="sim-prediction-heading" data-testid="sim.prediction">
      <h2 id="sim-prediction-heading">{t('sim.prediction.title')}</h2>
      {loaded.trace.hasPrompts ? (
        <fieldset className="choices" disabled={phase.kind !== 'idle'}>
          <legend className="visually-hidden">{t('sim.prediction.title')}</legend>
          <label>
            <input
              type="radio"
              name="prediction-mode"
              checked={mode === 'predictor'}
              onChange={() => setPredictionMode('predictor')}
              data-testid="sim.prediction.predictor"
            />{' '}
            {t('sim.prediction.usePredictor')}
          </label>
          <label>
            <input
              type="radio"
              name="prediction-mode"
              checked={mode === 'confusion-matrix'}
              onChange={() => setPredictionMode('confusion-matrix')}
              data-testid="sim.prediction.matrix"
            />{' '}
            {t('sim.prediction.useMatrix')}
          </label>
        </fieldset>
      ) : null}
      <p className="notice" data-testid="sim.prediction.mode" data-mode={mode}>
        {note}
      </p>
      {mode === 'predictor' && predictor.kind === 'failed' && (
        <p className="inline-error">{t('sim.prediction.predictorFailed', { reason: predictor.message })}</p>
      )}
    </section>
  );
}
