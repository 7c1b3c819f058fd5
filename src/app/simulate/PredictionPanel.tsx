import { bucketRangeLabel, maxLength } from '../../predictor/buckets.ts';
import { modelPreset } from '../../sim/presets.ts';
import { useT } from '../../i18n/useT.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';
import type { ModelPresetId } from '../../sim/presets.ts';
import { useModelCardStore } from '../modelCard/modelCardStore.ts';
import { usePredictorStore } from '../predictor/predictorStore.ts';
import { setPredictionMode } from './settingsActions.ts';
import { effectivePredictionMode, useSimStore } from './simStore.ts';

/** Says plainly where the S³ policy's predicted buckets come from for the loaded trace. */
export function PredictionPanel() {
  const { t, num } = useT();
  const { loaded, predictionMode, phase, settings } = useSimStore();
  const cardState = useModelCardStore((state) => state.card);
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
      {cardState.status === 'ready' && <LabelNotice card={cardState.card} servedModelId={settings.modelId} />}
      {mode === 'confusion-matrix' && cardState.status === 'ready' && (
        <p className="notice" data-testid="sim.prediction.matrixRows">
          {t('sim.prediction.matrixRows', {
            total: num(cardState.card.test_metrics.rows, 0),
            rows: cardState.card.test_metrics.confusion_matrix
              .map((row, bucket) => ({ bucket, count: row.reduce((sum, value) => sum + value, 0) }))
              .filter(({ bucket }) => bucket > 0)
              .map(({ bucket, count }) => t('sim.prediction.matrixRow', { range: bucketRangeLabel(cardState.card.buckets, bucket), count: num(count, 0) }))
              .join(', '),
          })}
        </p>
      )}
      {mode === 'predictor' && predictor.kind === 'failed' && (
        <p className="inline-error">{t('sim.prediction.predictorFailed', { reason: predictor.message })}</p>
      )}
    </section>
  );
}

/**
 * States what the selected predictor was trained on, and warns when its last bucket edge is
 * below the served model's context. Max-length then reserves only that edge and outputs past
 * it are cut, so the comparison describes a server with that generation cap.
 */
function LabelNotice({ card, servedModelId }: { card: ModelCard; servedModelId: ModelPresetId }) {
  const { t, num } = useT();
  const served = modelPreset(servedModelId);
  const lastEdge = maxLength(card.buckets);
  const capped = lastEdge < served.maxSequenceTokens;
  return (
    <p className="notice" data-testid="sim.prediction.label" data-capped={capped}>
      {t('sim.prediction.labelNote', { model: card.id, label: card.label.source, tokenizer: card.label.tokenizer })}{' '}
      {capped &&
        t('sim.prediction.cappedNote', {
          lastEdge: num(lastEdge, 0),
          served: served.label,
          context: num(served.maxSequenceTokens, 0),
        })}
    </p>
  );
}
