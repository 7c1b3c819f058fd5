import type { SampleTraceInfo } from '../../traces/sampleTraces.ts';
import { useT } from '../../i18n/useT.ts';

/** Shows where a sample trace comes from and its licence, in the Data and Simulate views. */
export function SampleSource({ info, compact = false }: { readonly info: SampleTraceInfo; readonly compact?: boolean }) {
  const { t, num } = useT();
  return (
    <div className="sample-source" data-testid={`sample.${info.file}`}>
      {!compact && <p>{info.description}</p>}
      <dl className="facts">
        <dt>{t('data.records')}</dt>
        <dd>{t('data.recordsValue', { count: num(info.records, 0), kib: num(info.bytes / 1024, 0), format: info.format })}</dd>
        <dt>{t('data.source')}</dt>
        <dd>
          <ul className="plain">
            {info.sources.map((source) => (
              <li key={source.url}>
                <a href={source.url} target="_blank" rel="noreferrer">
                  {source.name}
                </a>
                {!compact && <span className="hint"> — {source.note}</span>}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('data.licence')}</dt>
        <dd data-testid="sample.licence">
          <a href={info.licence.url} target="_blank" rel="noreferrer">
            {info.licence.name}
          </a>
          {!compact && <span className="hint"> — {info.licence.terms}</span>}
        </dd>
        {!compact && (
          <>
            <dt>{t('data.attribution')}</dt>
            <dd>{info.attribution}</dd>
            <dt>{t('data.build')}</dt>
            <dd>
              {info.build} <code className="command">{info.command}</code>
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
