import { useEffect } from 'react';
import { bucketRangeLabel } from '../../predictor/buckets.ts';
import { PREDICTED_BUCKETS_FILE, sameEdges } from '../../traces/predictedBuckets.ts';
import { useT } from '../../i18n/useT.ts';
import { ProgressBar } from '../common/ProgressBar.tsx';
import { downloadText } from '../common/download.ts';
import { reproductionJson } from './reproduceExport.ts';
import {
  cancelReproduction,
  parseThreshold,
  rerunReproduction,
  startReproduction,
  useReproduceStore,
  type ReproductionInputs,
} from './reproduceStore.ts';
import { S3Section } from './S3Section.tsx';
import { VllmSection } from './VllmSection.tsx';
import { workloadName } from './workloadNames.ts';

const MIB = 2 ** 20;
/** Leading hex digits of a SHA-256 shown on the page. The JSON export has all 64. */
const SHORT_HASH_DIGITS = 12;

/** Shows where the S³ buckets come from: the predicted-buckets file, its model, and whether it matches the S³ model's card. */
function BucketSource({ inputs }: { readonly inputs: ReproductionInputs }) {
  const { t, num } = useT();
  const { predicted, card } = inputs;
  const counts = new Map<number, number>();
  for (const bucket of predicted.buckets) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  const distribution = [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, count]) => `${bucketRangeLabel(predicted.scheme, bucket)}: ${num(count, 0)}`)
    .join('; ');
  const edges = predicted.scheme.edges.join(', ');
  const matches = card.id === predicted.model.id && sameEdges(card.scheme, predicted.scheme);

  return (
    <section className="card" aria-labelledby="repro-buckets-heading" data-testid="repro.buckets">
      <h2 id="repro-buckets-heading">{t('repro.buckets.title')}</h2>
      <p>
        {t('repro.buckets.text', {
          count: num(predicted.trace.records, 0),
          file: PREDICTED_BUCKETS_FILE,
          runtime: predicted.model.runtime,
        })}
      </p>
      <dl className="facts">
        <dt>{t('repro.buckets.model')}</dt>
        <dd data-testid="repro.buckets.model">
          {t('repro.buckets.modelValue', {
            id: predicted.model.id,
            file: predicted.model.file,
            variant: predicted.model.variant,
            mib: num(predicted.model.bytes / MIB, 1),
            sha: predicted.model.sha256.slice(0, SHORT_HASH_DIGITS),
          })}
        </dd>
        <dt>{t('repro.buckets.trace')}</dt>
        <dd>
          {t('repro.buckets.traceValue', {
            file: predicted.trace.file,
            count: num(predicted.trace.records, 0),
            sha: predicted.trace.sha256.slice(0, SHORT_HASH_DIGITS),
          })}
        </dd>
        <dt>{t('repro.buckets.scheme')}</dt>
        <dd>{t('repro.buckets.schemeValue', { count: predicted.scheme.edges.length - 1, edges })}</dd>
        <dt>{t('repro.buckets.distribution')}</dt>
        <dd data-testid="repro.buckets.distribution">{distribution}</dd>
      </dl>
      <p className={matches ? 'hint' : 'alert error'} data-testid="repro.buckets.match" data-matches={matches}>
        {matches
          ? t('repro.buckets.matches')
          : t('repro.buckets.mismatch', {
              fileModel: predicted.model.id,
              fileEdges: edges,
              cardModel: card.id,
              cardEdges: card.scheme.edges.join(', '),
              command: predicted.command,
            })}
      </p>
      <p className="hint">
        {t('repro.buckets.regenerate')} <code className="command">{predicted.command}</code>
      </p>
    </section>
  );
}

function Progress() {
  const { t } = useT();
  const { s3, vllm } = useReproduceStore();
  if (s3.status === 'running') {
    const progress = s3.progress;
    const label = progress?.stage === 'sensitivity' ? t('repro.progress.sensitivity') : t('repro.progress.table');
    return (
      <ProgressBar
        label={label}
        done={progress?.completedJobs ?? 0}
        total={progress?.totalJobs ?? 0}
        onCancel={cancelReproduction}
        testId="repro.progress"
      />
    );
  }
  if (vllm.status === 'running') {
    const progress = vllm.progress;
    const workload = progress === null ? '' : workloadName(progress.workloadId, t);
    const label = progress?.stage === 'sweep' ? t('repro.progress.sweep', { workload }) : t('repro.progress.offline', { workload });
    return (
      <ProgressBar
        label={label}
        done={progress?.completedJobs ?? 0}
        total={progress?.totalJobs ?? 0}
        onCancel={cancelReproduction}
        testId="repro.progress"
      />
    );
  }
  return null;
}

/** Renders the Reproduce tab: the S³ throughput result and the vLLM order, computed when the tab opens. */
export function ReproduceView() {
  const { t } = useT();
  const { inputs, s3, vllm, thresholdText } = useReproduceStore();

  useEffect(() => {
    void startReproduction();
  }, []);

  const running = inputs.status === 'loading' || s3.status === 'running' || vllm.status === 'running';
  const threshold = parseThreshold(thresholdText);
  const ready = inputs.status === 'ready' ? inputs.inputs : null;

  return (
    <div className="view" data-testid="repro.view">
      <p className="lede">{t('repro.intro')}</p>
      {inputs.status === 'loading' && <p aria-live="polite">{t('repro.loading')}</p>}
      {inputs.status === 'failed' && (
        <p role="alert" className="alert error" data-testid="repro.inputsFailed">
          {t('repro.inputsFailed', { reason: inputs.message })}
        </p>
      )}
      <div className="row">
        <button type="button" className="secondary" disabled={running} onClick={() => void rerunReproduction()} data-testid="repro.rerun">
          {t('repro.rerun')}
        </button>
        {ready !== null && (
          <button
            type="button"
            className="secondary"
            disabled={s3.status !== 'done' && vllm.status !== 'done'}
            onClick={() =>
              downloadText(
                'reproduction.json',
                reproductionJson(
                  ready.predicted,
                  s3.status === 'done' ? s3.result : null,
                  vllm.status === 'done' ? vllm.result : null,
                  threshold ?? Number.NaN,
                ),
                'application/json',
              )
            }
            data-testid="repro.json"
          >
            {t('repro.exportJson')}
          </button>
        )}
      </div>
      <Progress />
      {(s3.status === 'cancelled' || vllm.status === 'cancelled') && <p className="notice">{t('repro.cancelled')}</p>}

      {ready !== null && <BucketSource inputs={ready} />}
      {ready !== null && <S3Section inputs={ready} state={s3} />}
      {ready !== null && <VllmSection state={vllm} />}
    </div>
  );
}
