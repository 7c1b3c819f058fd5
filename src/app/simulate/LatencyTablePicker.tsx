import { useId, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import type { LatencyPhase, LatencyTable } from '../../sim/index.ts';
import { FileErrorAlert } from '../common/ErrorAlert.tsx';
import type { FileErrorInfo } from '../common/fileError.ts';
import { summarizeLatencyTable } from './latencyTableSummary.ts';
import { loadLatencyTableFile, setLatencyTable } from './settingsActions.ts';

const RANGE_KEYS = {
  step: 'sim.settings.latencyRangeStep',
  prefill: 'sim.settings.latencyRangePrefill',
  decode: 'sim.settings.latencyRangeDecode',
} as const satisfies Record<LatencyPhase | 'step', string>;

interface LatencyTablePickerProps {
  readonly table: LatencyTable | null;
  /** KV capacity of the current settings, or null while they are invalid. */
  readonly kvCapacityTokens: number | null;
  readonly disabled: boolean;
}

/** File input for a measured latency table, the table in use with its ranges, and a button to return to the roofline. */
export function LatencyTablePicker({ table, kvCapacityTokens, disabled }: LatencyTablePickerProps) {
  const { t, num } = useT();
  const [error, setError] = useState<FileErrorInfo | null>(null);
  const fileId = useId();

  return (
    <div data-testid="sim.latency">
      <div className="row wrap">
        <label htmlFor={fileId}>{t('sim.settings.latencyUpload')}</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          disabled={disabled}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            event.target.value = '';
            if (chosen !== undefined) void loadLatencyTableFile(chosen).then(setError);
          }}
          data-testid="sim.latency.file"
        />
      </div>
      <p className="hint">{t('sim.settings.latencyFormat')}</p>
      <FileErrorAlert error={error} testId="sim.latency.error" onDismiss={() => setError(null)} />
      {table === null ? (
        <p data-testid="sim.latency.status">{t('sim.settings.latencyRoofline')}</p>
      ) : (
        <div data-testid="sim.latency.status">
          <p>
            {t('sim.settings.latencyInUse', { file: table.fileName, rows: num(table.rows, 0) })}{' '}
            <button type="button" className="secondary small" disabled={disabled} onClick={() => setLatencyTable(null)} data-testid="sim.latency.clear">
              {t('sim.settings.latencyClear')}
            </button>
          </p>
          <ul className="warnings" data-testid="sim.latency.ranges">
            {summarizeLatencyTable(table, kvCapacityTokens).map((summary) => (
              <li key={summary.phase ?? 'step'}>
                {t(RANGE_KEYS[summary.phase ?? 'step'], {
                  minBatch: num(summary.range.minBatchSize, 0),
                  maxBatch: num(summary.range.maxBatchSize, 0),
                  minContext: num(summary.range.minContextTokens, 0),
                  maxContext: num(summary.range.maxContextTokens, 0),
                })}
                {summary.capacityBeyondTable && kvCapacityTokens !== null && (
                  <>
                    {' '}
                    {t('sim.settings.latencyBeyond', { capacity: num(kvCapacityTokens, 0), max: num(summary.range.maxContextTokens, 0) })}
                  </>
                )}
              </li>
            ))}
            <li>{t('sim.settings.latencyClamped')}</li>
          </ul>
        </div>
      )}
    </div>
  );
}
