import { useT } from '../../i18n/useT.ts';
import { ProgressBar } from '../common/ProgressBar.tsx';
import { readyCardOf, useModelCardStore } from '../modelCard/modelCardStore.ts';
import { usePredictorStore } from '../predictor/predictorStore.ts';
import { cancelPrediction, predictPending } from './predictActions.ts';
import { PredictResults } from './PredictResults.tsx';
import { PromptInput } from './PromptInput.tsx';
import { splitPromptLines } from './promptSource.ts';
import { usePredictStore } from './predictStore.ts';

export function PredictView() {
  const { t, num } = useT();
  const { text, file, run } = usePredictStore();
  const selectedId = useModelCardStore((state) => state.selectedId);
  const cards = useModelCardStore((state) => state.cards);
  // A run keeps the card of the model that computed it, also after another model is chosen.
  const runCard = run === null ? null : readyCardOf(cards, run.modelId);
  const predictor = usePredictorStore((state) => state.status);
  const count = file?.prompts.length ?? splitPromptLines(text).length;
  const running = run?.status === 'running';

  return (
    <div className="view">
      <p className="lede">{t('predict.intro')}</p>
      <PromptInput />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={count === 0 || running || predictor.kind === 'failed' || selectedId === null}
          onClick={() => void predictPending()}
          data-testid="predict.run"
        >
          {t('predict.run', { count: num(count, 0) })}
        </button>
        {predictor.kind === 'loading' && <span className="hint">{t('predict.waitingForModel')}</span>}
        {predictor.kind === 'failed' && <span className="inline-error">{t('predict.predictorFailed')}</span>}
      </div>
      {running && (
        <ProgressBar
          label={t('predict.progressLabel')}
          done={run.done}
          total={run.total}
          onCancel={cancelPrediction}
          testId="predict.progress"
        />
      )}
      {run !== null && runCard !== null && <PredictResults run={run} card={runCard} />}
    </div>
  );
}
