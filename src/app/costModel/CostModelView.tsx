import type { PlainMessageKey } from '../../i18n/translate.ts';
import { useT } from '../../i18n/useT.ts';
import { useSimStore } from '../simulate/simStore.ts';
import { PrefillExampleTable, DecodeExampleTable } from './CostExampleTables.tsx';
import { costEquations } from './costEquations.ts';
import { costFigures, EXAMPLE_CONTEXT_TOKENS } from './costModelFigures.ts';

/** Assumptions in the order the tab lists them, each text saying which way it moves the S³ / max-length ratio. */
const ASSUMPTION_KEYS: readonly PlainMessageKey[] = [
  'cost.assumption.capacity',
  'cost.assumption.bound',
  'cost.assumption.overhead',
  'cost.assumption.prompt',
  'cost.assumption.tail',
  'cost.assumption.prediction',
  'cost.assumption.parallel',
  'cost.assumption.mixed',
];

function Equation({ lines, testId }: { readonly lines: readonly string[]; readonly testId: string }) {
  return (
    <pre className="equation" data-testid={testId}>
      {lines.join('\n')}
    </pre>
  );
}

function Assumptions() {
  const { t } = useT();
  return (
    <section className="card" aria-labelledby="cost-assumptions-heading" data-testid="cost.assumptions">
      <h2 id="cost-assumptions-heading">{t('cost.assumptionsTitle')}</h2>
      <p className="hint">{t('cost.assumptionsIntro')}</p>
      <ul className="assumptions">
        {ASSUMPTION_KEYS.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
    </section>
  );
}

/** Renders the Cost model tab: the equations of the simulator's cost model with the live numbers of the current settings. */
export function CostModelView() {
  const { t, num } = useT();
  const settings = useSimStore((state) => state.settings);
  const result = costFigures(settings);

  if (!result.ok) {
    return (
      <div className="view">
        <p className="inline-error" role="alert" data-testid="cost.invalid">
          {result.reason === null ? t('cost.fixSettings') : t('cost.invalid', { reason: result.reason })}
        </p>
        <Assumptions />
      </div>
    );
  }

  const { figures } = result;
  const equations = costEquations(figures.roofline, num);
  const gpus = figures.roofline.tensorParallel;
  const table = figures.cost.latencyTable;
  const setup = t('cost.setup', { model: figures.model.label, dtype: figures.dtype.label, gpus, gpu: figures.gpu.label });

  return (
    <div className="view" data-testid="cost.view">
      <p className="lede" data-testid="cost.intro">
        {t('cost.intro', { setup })}
      </p>
      {table !== null && <p className="notice">{t('cost.tableInUse', { file: table.fileName })}</p>}
      <p className="hint">{t('cost.legend')}</p>

      <section className="card" aria-labelledby="cost-memory-heading">
        <h2 id="cost-memory-heading">{t('cost.kvTitle')}</h2>
        <p>{t('cost.kvText')}</p>
        <Equation lines={equations.kvBytesPerToken} testId="cost.eq.kv" />
        <h3>{t('cost.capacityTitle')}</h3>
        <p>{t('cost.capacityText')}</p>
        <Equation lines={[...equations.weights, ...equations.capacity]} testId="cost.eq.capacity" />
        <p className="derived" data-testid="cost.reservations">
          {t('cost.capacityReservations', {
            count: num(figures.maxSequenceReservations, 0),
            maxTokens: num(figures.model.maxSequenceTokens, 0),
          })}
        </p>
      </section>

      <section className="card" aria-labelledby="cost-decode-heading">
        <h2 id="cost-decode-heading">{t('cost.decodeTitle')}</h2>
        <p>{t('cost.decodeText')}</p>
        <Equation lines={equations.decode} testId="cost.eq.decode" />
        <Equation lines={equations.ridge} testId="cost.eq.ridge" />
        <p>{t('cost.ridge', { ridge: num(figures.ridgeFlopsPerByte, 0) })}</p>
        <p data-testid="cost.kvEqualsWeights">
          {t('cost.kvEqualsWeights', { context: num(EXAMPLE_CONTEXT_TOKENS, 0), batch: num(figures.kvEqualsWeightsBatch, 1) })}
        </p>
        <DecodeExampleTable figures={figures} />
      </section>

      <section className="card" aria-labelledby="cost-prefill-heading">
        <h2 id="cost-prefill-heading">{t('cost.prefillTitle')}</h2>
        <p>{t('cost.prefillText')}</p>
        <Equation lines={equations.prefill} testId="cost.eq.prefill" />
        <PrefillExampleTable figures={figures} />
        <h3>{t('cost.iterationTitle')}</h3>
        <p>{t('cost.iterationText', { overheadMs: num(figures.roofline.iterationOverhead * 1000, 3) })}</p>
        <p data-testid="cost.iterationMode">
          {t(figures.roofline.mixedIterations === 'fused' ? 'cost.iterationFused' : 'cost.iterationSeparate')}
        </p>
        <p data-testid="cost.iterationDefault">{t('cost.iterationDefault')}</p>
        <Equation lines={equations.iteration} testId="cost.eq.iteration" />
      </section>

      <section className="card" aria-labelledby="cost-tp-heading">
        <h2 id="cost-tp-heading">{t('cost.tpTitle')}</h2>
        <p>{t('cost.tpText')}</p>
        {gpus === 1 ? <p className="hint">{t('cost.tpOne')}</p> : <Equation lines={equations.allReduce} testId="cost.eq.allReduce" />}
      </section>

      <Assumptions />
    </div>
  );
}
