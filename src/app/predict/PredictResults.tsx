import { allocationOf, bucketRangeLabel, type BucketScheme } from '../../predictor/buckets.ts';
import { modelOutput, type ModelCard } from '../../predictor/modelCard.ts';
import { useT } from '../../i18n/useT.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { downloadCsv } from '../common/download.ts';
import { backendLabel } from '../predictor/backendLabel.ts';
import { usePredictorStore } from '../predictor/predictorStore.ts';
import { useSimStore } from '../simulate/simStore.ts';
import { epsilonFromSetting, promptLengthSummary } from './lengthSummary.ts';
import { ProbabilityBars } from './ProbabilityBars.tsx';
import { summarize, type PredictRun } from './predictRun.ts';
import { truncatePrompt } from './promptSource.ts';
import { predictionsCsv } from './resultsCsv.ts';

/** Rows drawn in the table. The CSV export always has every row. */
export const MAX_TABLE_ROWS = 200;
const PROMPT_CHARS = 80;

interface PredictResultsProps {
  readonly run: PredictRun;
  readonly card: ModelCard;
}

export function PredictResults({ run, card }: PredictResultsProps) {
  const translator = useT();
  const { t, num, pct } = translator;
  const scheme: BucketScheme = card.buckets;
  const maxPromptTokens = card.max_prompt_tokens;
  const { model, majority_baseline: majority } = card.test_metrics;
  const truncated = run.results.filter((result) => result.inputTokens >= maxPromptTokens).length;
  const predictor = usePredictorStore((state) => state.status);
  // While the run is going, the backend that is loaded now is the one computing it.
  const backend = run.backend ?? (predictor.kind === 'ready' ? { name: predictor.backend, wasmThreads: predictor.wasmThreads } : null);
  const summary = summarize(run.results);
  const shown = run.results.slice(0, MAX_TABLE_ROWS);
  // The Simulate tab's ε, so a prompt's cumulative allocation here is the one a simulation reserves.
  const epsilon = epsilonFromSetting(useSimStore((state) => state.scheduling.epsilonText));
  const derivedNames = Object.keys(card.derived_schemes ?? {});
  const distribution = modelOutput(card).kind === 'length-distribution';

  return (
    <section className="card" aria-labelledby="predict-results-heading">
      <div className="row spread">
        <h2 id="predict-results-heading">{t('predict.resultsTitle')}</h2>
        <button
          type="button"
          className="secondary small"
          disabled={run.results.length === 0}
          onClick={() => downloadCsv('predictions.csv', predictionsCsv(run.prompts, run.results, card, epsilon))}
          data-testid="predict.exportCsv"
        >
          {t('predict.exportCsv')}
        </button>
      </div>
      <dl className="totals" data-testid="predict.totals">
        <div>
          <dt>{t('predict.totalPrompts')}</dt>
          <dd>{t('predict.countOf', { done: num(summary.count, 0), total: num(run.total, 0) })}</dd>
        </div>
        <div>
          <dt>{t('predict.meanMs')}</dt>
          <dd data-testid="predict.meanMs">{num(summary.meanMs, 1)}</dd>
        </div>
        <div>
          <dt>{t('predict.meanTokens')}</dt>
          <dd>{num(summary.meanInputTokens, 1)}</dd>
        </div>
        <div>
          <dt>{t('predict.wall')}</dt>
          <dd>{run.wallMs === null ? '…' : t('common.seconds', { value: num(run.wallMs / 1000, 2) })}</dd>
        </div>
        <div>
          <dt>{t('predict.backend')}</dt>
          <dd data-testid="predict.backend">
            {backend === null ? '…' : backendLabel(backend.name, backend.wasmThreads, translator)}
          </dd>
        </div>
      </dl>
      <p data-testid="predict.modelLabel">
        {t('predict.modelLabel', {
          id: card.id,
          label: card.label.source,
          tokenizer: card.label.tokenizer,
          served: card.served_model,
        })}
      </p>
      <p className="hint" data-testid="predict.lengthNote">
        {distribution ? t('predict.distributionNote', { count: scheme.edges.length - 1 }) : t('predict.bucketsNote')}{' '}
        {t('predict.allocationNote', { epsilon: num(epsilon, 3) })}
      </p>
      <p className="notice" data-testid="predict.qualityNote">
        {t('predict.qualityNote', {
          model: pct(model.exact_accuracy, 2),
          majority: pct(majority.exact_accuracy, 2),
          majorityRange: bucketRangeLabel(scheme, majority.bucket),
        })}
      </p>
      {truncated > 0 && (
        <p className="notice" data-testid="predict.truncated">
          {t('predict.truncatedNote', { count: num(truncated, 0), max: maxPromptTokens })}
        </p>
      )}
      {run.status === 'cancelled' && <p className="notice" data-testid="predict.cancelled">{t('predict.cancelledNote', { done: num(run.results.length, 0) })}</p>}
      {run.status === 'failed' && (
        <p role="alert" className="alert error" data-testid="predict.error">
          {t('predict.failed', { reason: run.error ?? '' })}
        </p>
      )}
      <div className="table-scroll">
        <table className="data-table wrap-head" data-testid="predict.results">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('predict.colPrompt')}</th>
              <th scope="col">{t('predict.colBucket')}</th>
              <th scope="col">{t('predict.colProbabilities')}</th>
              <th scope="col" className="num">{t('predict.colMedian')}</th>
              <th scope="col" className="num">{t('predict.colAllocation')}</th>
              <th scope="col" className="num">{t('predict.colCumulative', { epsilon: num(epsilon, 3) })}</th>
              {derivedNames.map((name) => (
                <th scope="col" key={name}>
                  {t('predict.colDerived', { scheme: name })}
                </th>
              ))}
              <th scope="col" className="num">{t('predict.colTokens', { max: maxPromptTokens })}</th>
              <th scope="col" className="num">{t('predict.colMs')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((result) => (
              <ResultRow key={result.index} result={result} prompt={run.prompts[result.index] ?? ''} card={card} epsilon={epsilon} />
            ))}
          </tbody>
        </table>
      </div>
      {run.results.length > MAX_TABLE_ROWS && (
        <p className="hint">{t('predict.tableCut', { shown: MAX_TABLE_ROWS, total: num(run.results.length, 0) })}</p>
      )}
    </section>
  );
}

interface ResultRowProps {
  readonly result: PredictionResult;
  readonly prompt: string;
  readonly card: ModelCard;
  readonly epsilon: number;
}

function ResultRow({ result, prompt, card, epsilon }: ResultRowProps) {
  const { t, num, pct } = useT();
  const scheme: BucketScheme = card.buckets;
  const length = promptLengthSummary(result.probabilities, card, epsilon);
  return (
    <tr data-testid="predict.row">
      <td className="num">{result.index + 1}</td>
      <td className="prompt-cell" title={prompt}>
        {truncatePrompt(prompt, PROMPT_CHARS)}
      </td>
      <td data-testid="predict.bucket">{bucketRangeLabel(scheme, result.bucket)}</td>
      <td>
        <ProbabilityBars probabilities={result.probabilities} predicted={result.bucket} scheme={scheme} />
      </td>
      <td className="num" title={t('predict.medianTitle', { low: num(length.lowerQuartile, 1), high: num(length.upperQuartile, 1) })}>
        <span data-testid="predict.median">{num(length.median, 0)}</span>{' '}
        <span className="hint" data-testid="predict.iqr">
          ({num(length.lowerQuartile, 0)}–{num(length.upperQuartile, 0)})
        </span>
      </td>
      <td className="num" data-testid="predict.allocMostLikely">
        {num(allocationOf(scheme, result.bucket), 0)}
      </td>
      <td className="num" data-testid="predict.allocCumulative">
        {num(length.cumulativeAllocation, 0)}
      </td>
      {length.derived.map((derived) => (
        <td key={derived.scheme} data-testid={`predict.derived.${derived.scheme}`}>
          {bucketRangeLabel({ name: derived.scheme, edges: derived.edges }, derived.bucket)}{' '}
          <span className="hint">({pct(derived.probability, 0)})</span>
        </td>
      ))}
      <td className="num">{num(result.inputTokens, 0)}</td>
      <td className="num">{num(result.elapsedMs, 1)}</td>
    </tr>
  );
}
