import type { PlainMessageKey } from '../../i18n/translate.ts';
import { useT, type Translator } from '../../i18n/useT.ts';
import { maxLength, type BucketScheme } from '../../predictor/buckets.ts';
import { DEFAULT_S3_EPSILON } from '../../sim/policies.ts';
import { gpuPreset, modelPreset } from '../../sim/presets.ts';
import { changedScheme, type Direction, type S3Assumption, type S3Reproduction, type S3Setup } from '../../sim/reproduction.ts';
import { downloadCsv } from '../common/download.ts';
import { sensitivityCsv } from './reproduceExport.ts';

const ASSUMPTION_LABELS: Readonly<Record<S3Assumption, PlainMessageKey>> = {
  gpu: 'repro.assumption.gpu',
  maxOutput: 'repro.assumption.maxOutput',
  buckets: 'repro.assumption.buckets',
  requests: 'repro.assumption.requests',
  mixedIterations: 'repro.assumption.mixedIterations',
  s3Allocation: 'repro.assumption.s3Allocation',
  s3Overflow: 'repro.assumption.s3Overflow',
  s3Admission: 'repro.assumption.s3Admission',
  bucketSource: 'repro.assumption.bucketSource',
};

const DIRECTION_LABELS: Readonly<Record<Direction, PlainMessageKey>> = {
  up: 'repro.sens.up',
  down: 'repro.sens.down',
  same: 'repro.sens.same',
};

/** Returns the value a setup gives an assumption, in the UI language. */
function assumptionValue(assumption: S3Assumption, setup: S3Setup, cardScheme: BucketScheme, { t, num }: Translator): string {
  switch (assumption) {
    case 'gpu':
      return t('repro.value.gpu', { gpu: gpuPreset(setup.gpuId).label, tp: setup.tensorParallel });
    case 'maxOutput':
      return t('repro.value.tokens', { count: num(maxLength(changedScheme(cardScheme, setup.scheme)), 0) });
    case 'buckets': {
      const scheme = changedScheme(cardScheme, setup.scheme);
      return t('repro.value.edges', { count: scheme.edges.length - 1, edges: scheme.edges.join(', ') });
    }
    case 'requests':
      return t('repro.value.requests', { count: num(setup.requestCount, 0) });
    case 'mixedIterations':
      return setup.mixedIterations === 'fused' ? t('repro.value.fused') : t('repro.value.separate');
    case 's3Allocation':
      return setup.s3Allocation === 'most-likely' ? t('repro.value.mostLikely') : t('repro.value.cumulative', { epsilon: DEFAULT_S3_EPSILON });
    case 's3Overflow':
      return setup.s3Overflow === 'preempt' ? t('repro.value.preempt') : t('repro.value.extend');
    case 's3Admission':
      return setup.s3Admission === 'decreasing-first-fit' ? t('repro.value.dff') : t('repro.value.firstFit');
    case 'bucketSource':
      return setup.bucketSource === 'true' ? t('repro.value.trueBuckets') : t('repro.value.predicted');
  }
}

interface S3SensitivityProps {
  readonly reproduction: S3Reproduction;
  readonly cardScheme: BucketScheme;
}

/** Renders one table per examined model: each assumption change with the ratio before and after it. */
export function S3Sensitivity({ reproduction, cardScheme }: S3SensitivityProps) {
  const translator = useT();
  const { t, fixed, pct } = translator;
  const models = reproduction.sensitivityModels.map((id) => modelPreset(id).label).join(', ');
  return (
    <section aria-labelledby="repro-sens-heading" data-testid="repro.sens">
      <div className="row spread">
        <h3 id="repro-sens-heading">{t('repro.sens.title')}</h3>
        <button
          type="button"
          className="secondary small"
          onClick={() => downloadCsv('s3-assumptions.csv', sensitivityCsv(reproduction, cardScheme))}
          data-testid="repro.sens.csv"
        >
          {t('repro.exportCsv')}
        </button>
      </div>
      <p className="hint">{t('repro.sens.intro', { models })}</p>
      {reproduction.sensitivityModels.map((modelId) => {
        const rows = reproduction.sensitivity.filter((row) => row.modelId === modelId);
        const baseline = rows[0]?.baseline;
        if (baseline === undefined) return null;
        return (
          <div key={modelId} className="table-scroll">
            <table className="data-table" data-testid={`repro.sens.table.${modelId}`}>
              <caption className="hint">
                {t('repro.sens.modelTitle', { model: modelPreset(modelId).label, ratio: fixed(baseline.s3Ratio, 2) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('repro.sens.assumption')}</th>
                  <th scope="col">{t('repro.sens.baseline')}</th>
                  <th scope="col">{t('repro.sens.changed')}</th>
                  <th scope="col" className="num">{t('repro.sens.ratio')}</th>
                  <th scope="col">{t('repro.sens.direction')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const { assumption } = row.change;
                  const changed = row.changed;
                  return (
                    <tr key={row.change.id} data-testid={`repro.sens.row.${modelId}.${row.change.id}`} data-direction={row.direction ?? ''}>
                      <th scope="row">{t(ASSUMPTION_LABELS[assumption])}</th>
                      <td>{assumptionValue(assumption, row.baseline.setup, cardScheme, translator)}</td>
                      <td>{changed === null ? t('repro.sens.noFit') : assumptionValue(assumption, changed.setup, cardScheme, translator)}</td>
                      <td className="num" data-value={changed?.s3Ratio ?? ''}>
                        {changed === null
                          ? '–'
                          : `${fixed(row.baseline.s3Ratio, 2)}× → ${fixed(changed.s3Ratio, 2)}× (${changed.s3Ratio >= row.baseline.s3Ratio ? '+' : ''}${pct(changed.s3Ratio / row.baseline.s3Ratio - 1, 1)})`}
                      </td>
                      <td>{row.direction === null ? '–' : t(DIRECTION_LABELS[row.direction])}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
