import { useT } from '../../i18n/useT.ts';
import { EXAMPLE_CONTEXT_TOKENS, type CostFigures } from './costModelFigures.ts';

function milliseconds(value: number, format: (value: number, maxDigits?: number) => string): string {
  return format(value * 1000, 3);
}

/** Decode steps at a few batch sizes, with the roofline's parts and the measured time when a table is loaded. */
export function DecodeExampleTable({ figures }: { readonly figures: CostFigures }) {
  const { t, num } = useT();
  const measured = figures.cost.latencyTable !== null;
  const parallel = figures.roofline.tensorParallel > 1;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="cost.decodeTable">
        <caption>{t('cost.decodeCaption', { context: num(EXAMPLE_CONTEXT_TOKENS, 0) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cost.col.batch')}</th>
            <th scope="col">{t('cost.col.memory')}</th>
            <th scope="col">{t('cost.col.compute')}</th>
            {parallel && <th scope="col">{t('cost.col.allReduce')}</th>}
            <th scope="col">{t('cost.col.step')}</th>
            {measured && <th scope="col">{t('cost.col.measured')}</th>}
            <th scope="col">{t('cost.col.tokensPerS')}</th>
            <th scope="col">{t('cost.col.bound')}</th>
          </tr>
        </thead>
        <tbody>
          {figures.decode.map((row) => (
            <tr key={row.batchSize} data-testid={`cost.decode.${row.batchSize}`} className={row.fits ? undefined : 'muted'}>
              <th scope="row">
                {num(row.batchSize, 0)}
                {!row.fits && <div className="hint">{t('cost.doesNotFit')}</div>}
              </th>
              <td className="num">{milliseconds(row.roofline.memoryTime, num)}</td>
              <td className="num">{milliseconds(row.roofline.computeTime, num)}</td>
              {parallel && <td className="num">{milliseconds(row.roofline.allReduceTime, num)}</td>}
              <td className="num">{milliseconds(row.stepS, num)}</td>
              {measured && <td className="num">{row.measuredStepS === null ? '–' : milliseconds(row.measuredStepS, num)}</td>}
              <td className="num">{num(row.tokensPerS, 0)}</td>
              <td>{t(row.roofline.bound === 'memory' ? 'cost.bound.memory' : 'cost.bound.compute')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Prefills of one prompt at a few lengths. */
export function PrefillExampleTable({ figures }: { readonly figures: CostFigures }) {
  const { t, num } = useT();
  const measured = figures.cost.latencyTable !== null;
  const parallel = figures.roofline.tensorParallel > 1;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="cost.prefillTable">
        <caption>{t('cost.prefillCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cost.col.prompt')}</th>
            <th scope="col">{t('cost.col.memory')}</th>
            <th scope="col">{t('cost.col.compute')}</th>
            {parallel && <th scope="col">{t('cost.col.allReduce')}</th>}
            <th scope="col">{t('cost.col.step')}</th>
            {measured && <th scope="col">{t('cost.col.measured')}</th>}
            <th scope="col">{t('cost.col.bound')}</th>
          </tr>
        </thead>
        <tbody>
          {figures.prefill.map((row) => (
            <tr key={row.promptTokens} data-testid={`cost.prefill.${row.promptTokens}`}>
              <th scope="row">{num(row.promptTokens, 0)}</th>
              <td className="num">{milliseconds(row.roofline.memoryTime, num)}</td>
              <td className="num">{milliseconds(row.roofline.computeTime, num)}</td>
              {parallel && <td className="num">{milliseconds(row.roofline.allReduceTime, num)}</td>}
              <td className="num">{milliseconds(row.stepS, num)}</td>
              {measured && <td className="num">{row.measuredStepS === null ? '–' : milliseconds(row.measuredStepS, num)}</td>}
              <td>{t(row.roofline.bound === 'memory' ? 'cost.bound.memory' : 'cost.bound.compute')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
