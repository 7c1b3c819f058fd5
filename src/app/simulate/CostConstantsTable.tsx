import type { PlainMessageKey } from '../../i18n/translate.ts';
import { useT } from '../../i18n/useT.ts';
import {
  describeCostConstants,
  type CostConstantName,
  type DtypeId,
  type GpuPresetId,
  type ModelPresetId,
  type TensorParallelSize,
} from '../../sim/index.ts';
import { readableConstant } from './constantFormat.ts';
import { setCostText } from './settingsActions.ts';

const COST_LABELS: Readonly<Record<CostConstantName, PlainMessageKey>> = {
  gpuMemoryBytes: 'sim.cost.gpuMemoryBytes',
  memoryBandwidthBytesPerS: 'sim.cost.memoryBandwidthBytesPerS',
  peakFlopsPerS: 'sim.cost.peakFlopsPerS',
  modelParameters: 'sim.cost.modelParameters',
  layers: 'sim.cost.layers',
  hiddenSize: 'sim.cost.hiddenSize',
  bytesPerElement: 'sim.cost.bytesPerElement',
  activationReserveBytes: 'sim.cost.activationReserveBytes',
  iterationOverheadS: 'sim.cost.iterationOverheadS',
  interconnectBandwidthBytesPerS: 'sim.cost.interconnectBandwidthBytesPerS',
};

/**
 * Translations of the sources that are the app's own estimates (see describeCostConstants).
 * The other sources cite datasheets and model configs and are shown as written.
 */
const ESTIMATE_SOURCES: Readonly<Partial<Record<CostConstantName, PlainMessageKey>>> = {
  activationReserveBytes: 'sim.cost.source.activationReserve',
  iterationOverheadS: 'sim.cost.source.iterationOverhead',
};

interface CostConstantsTableProps {
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly dtype: DtypeId;
  readonly tensorParallel: TensorParallelSize;
  readonly costText: Readonly<Partial<Record<CostConstantName, string>>>;
  readonly errors: Readonly<Partial<Record<CostConstantName, string>>>;
  readonly disabled: boolean;
}

/** Lists every constant of the cost model with its unit and source, each value editable and resettable. */
export function CostConstantsTable({ modelId, gpuId, dtype, tensorParallel, costText, errors, disabled }: CostConstantsTableProps) {
  const { t, locale } = useT();
  const rows = describeCostConstants(modelId, gpuId, { dtype, tensorParallel });
  return (
    <div className="table-scroll">
      <table className="data-table settings-table" data-testid="sim.costs">
        <thead>
          <tr>
            <th scope="col">{t('sim.cost.constant')}</th>
            <th scope="col">{t('sim.cost.value')}</th>
            <th scope="col">{t('sim.cost.unit')}</th>
            <th scope="col">{t('sim.cost.source')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const text = costText[row.key];
            const current = text === undefined ? row.value : Number(text);
            const error = errors[row.key];
            const inputId = `cost-${row.key}`;
            const estimateSource = ESTIMATE_SOURCES[row.key];
            return (
              <tr key={row.key} data-testid={`sim.cost.${row.key}`}>
                <th scope="row">
                  <label htmlFor={inputId}>{t(COST_LABELS[row.key])}</label>
                </th>
                <td>
                  <input
                    id={inputId}
                    type="text"
                    inputMode="decimal"
                    value={text ?? String(row.value)}
                    disabled={disabled}
                    aria-invalid={error !== undefined}
                    aria-describedby={error === undefined ? undefined : `${inputId}-error`}
                    onChange={(event) => setCostText(row.key, event.target.value)}
                  />
                  <div className="hint">{readableConstant(current, row.unit, locale)}</div>
                  {text !== undefined && (
                    <button type="button" className="link small" disabled={disabled} onClick={() => setCostText(row.key, null)}>
                      {t('sim.cost.reset')}
                    </button>
                  )}
                  {error !== undefined && (
                    <div id={`${inputId}-error`} className="inline-error" role="alert">
                      {error}
                    </div>
                  )}
                </td>
                <td>{row.unit}</td>
                <td className="source">{estimateSource === undefined ? row.source : t(estimateSource)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
