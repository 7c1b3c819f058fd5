import { useEffect, useId } from 'react';
import { useT } from '../../i18n/useT.ts';
import { AZURE_TOKEN_COUNT_WARNING } from '../../traces/azureCsv.ts';
import { FileErrorAlert } from '../common/ErrorAlert.tsx';
import { loadSampleCatalog, useSampleCatalogStore } from '../samples/sampleCatalog.ts';
import { SampleSource } from '../samples/SampleSource.tsx';
import { sampleTraceTitle } from '../samples/sampleTitle.ts';
import { useSimStore } from './simStore.ts';
import { dismissTraceError, loadSampleTrace, loadTraceFile } from './traceActions.ts';

const FLAG_KEYS = {
  prompts: 'sim.trace.hasPrompts',
  lengths: 'sim.trace.hasLengths',
  arrivals: 'sim.trace.hasArrivals',
} as const;

export function TracePicker() {
  const translator = useT();
  const { t, num } = translator;
  const catalog = useSampleCatalogStore((state) => state.catalog);
  const { loaded, traceError, phase } = useSimStore();
  const selectId = useId();
  const fileId = useId();
  const busy = phase.kind !== 'idle';

  useEffect(() => {
    void loadSampleCatalog();
  }, []);

  const samples = catalog.status === 'ready' ? catalog.traces : [];
  const flags = loaded === null ? [] : ([
    ['prompts', loaded.trace.hasPrompts],
    ['lengths', loaded.trace.hasOutputLengths],
    ['arrivals', loaded.trace.hasArrivalTimes],
  ] as const);

  return (
    <section className="card" aria-labelledby={`${selectId}-heading`}>
      <h2 id={`${selectId}-heading`}>{t('sim.trace.title')}</h2>
      <div className="row wrap">
        <label htmlFor={selectId}>{t('sim.trace.sample')}</label>
        <select
          id={selectId}
          value={loaded?.sample?.file ?? ''}
          disabled={busy || samples.length === 0}
          onChange={(event) => {
            const sample = samples.find((entry) => entry.file === event.target.value);
            if (sample !== undefined) void loadSampleTrace(sample);
          }}
          data-testid="trace.sample"
        >
          <option value="" disabled>
            {loaded !== null && loaded.sample === null ? t('sim.trace.uploaded') : t('sim.trace.choose')}
          </option>
          {samples.map((sample) => (
            <option key={sample.file} value={sample.file}>
              {sampleTraceTitle(sample, translator)}
            </option>
          ))}
        </select>
        <span className="hint">{t('common.or')}</span>
        <label htmlFor={fileId}>{t('sim.trace.upload')}</label>
        <input
          id={fileId}
          type="file"
          accept=".json,.jsonl,.ndjson,.csv,application/json,text/csv"
          disabled={busy}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            event.target.value = '';
            if (chosen !== undefined) void loadTraceFile(chosen);
          }}
          data-testid="trace.file"
        />
      </div>
      <p className="hint">{t('sim.trace.formats')}</p>
      {catalog.status === 'failed' && <p className="inline-error">{t('data.catalogFailed', { reason: catalog.message })}</p>}
      {phase.kind === 'loading-trace' && <p aria-live="polite">{t('sim.trace.loading', { file: phase.fileName })}</p>}
      <FileErrorAlert error={traceError} testId="trace.error" onDismiss={dismissTraceError} />

      {loaded !== null && (
        <div className="trace-summary" data-testid="trace.summary">
          <p>
            <strong data-testid="trace.name">{loaded.trace.fileName}</strong>{' '}
            {t('sim.trace.summary', { count: num(loaded.trace.requests.length, 0), format: loaded.trace.format })}
          </p>
          <ul className="flags">
            {flags.map(([flag, present]) => (
              <li key={flag} className={present ? 'flag yes' : 'flag no'}>
                <span aria-hidden="true">{present ? '✓' : '✗'}</span> {t(FLAG_KEYS[flag])}
                <span className="visually-hidden">: {present ? t('common.yes') : t('common.no')}</span>
              </li>
            ))}
          </ul>
          {loaded.trace.warnings.length > 0 && (
            <ul className="warnings" data-testid="trace.warnings">
              {loaded.trace.warnings.map((warning) => (
                <li key={warning}>{warning === AZURE_TOKEN_COUNT_WARNING ? t('sim.trace.azureTokenCountNote') : warning}</li>
              ))}
            </ul>
          )}
          {loaded.sample !== null ? (
            <SampleSource info={loaded.sample} compact />
          ) : (
            <p className="hint">{t('sim.trace.uploadedNote')}</p>
          )}
        </div>
      )}
    </section>
  );
}
