import { useState } from 'react';
import { allocationOf, bucketRangeLabel, numBuckets } from '../../predictor/buckets.ts';
import { modelOutput, type ModelCard } from '../../predictor/modelCard.ts';
import { useT } from '../../i18n/useT.ts';
import { BACKEND_NAMES } from '../predictor/backendLabel.ts';

type CardProps = { readonly card: ModelCard };

const MEBIBYTE = 1024 * 1024;

export function PredictsSection({ card }: CardProps) {
  const { t, num, locale } = useT();
  const output = modelOutput(card);
  return (
    <>
      {/* The card's own text is English; other languages say so once instead of translating data. */}
      {locale !== 'en' && (
        <p className="hint" data-testid="model.asWritten">
          {t('model.asWrittenNote')}
        </p>
      )}
      <dl className="facts" data-testid="model.predicts">
        <dt>{t('model.task')}</dt>
        <dd>{card.task}</dd>
        <dt>{t('model.labelSource')}</dt>
        <dd>{card.label.source}</dd>
        <dt>{t('model.labelTokenizer')}</dt>
        <dd>{card.label.tokenizer}</dd>
        <dt>{t('model.servedModel')}</dt>
        <dd>{card.served_model}</dd>
        <dt>{t('model.output')}</dt>
        <dd data-testid="model.output" data-kind={output.kind}>
          {output.kind === 'length-distribution'
            ? t('model.outputDistribution', { samples: output.samples_per_prompt ?? 1 })
            : t('model.outputBuckets')}
        </dd>
        <dt>{t('model.promptFormat')}</dt>
        <dd>{card.prompt_format}</dd>
        <dt>{t('model.maxPromptTokens')}</dt>
        <dd>{num(card.max_prompt_tokens, 0)}</dd>
        <dt>{t('model.baseEncoder')}</dt>
        <dd>
          {card.base_encoder.name}{' '}
          <span className="hint">
            ({t('model.parameters', { millions: num(card.base_encoder.parameters / 1e6, 1) })}; {card.base_encoder.source})
          </span>
        </dd>
      </dl>
    </>
  );
}

export function BucketsTable({ card }: CardProps) {
  const { t, num } = useT();
  const scheme = card.buckets;
  return (
    <>
      <p>{t('model.bucketsIntro', { name: scheme.name, count: numBuckets(scheme), edges: scheme.edges.join(', ') })}</p>
      {Object.keys(card.derived_schemes ?? {}).length > 0 && (
        <p data-testid="model.derivedSchemes">
          {t('model.derivedSchemes', {
            list: Object.entries(card.derived_schemes ?? {})
              .map(([name, edges]) => `${name} (${edges.join(', ')})`)
              .join('; '),
          })}
        </p>
      )}
      <div className="table-scroll">
        <table className="data-table compact" data-testid="model.buckets">
          <thead>
            <tr>
              <th scope="col">{t('model.bucketCol')}</th>
              <th scope="col">{t('model.rangeCol')}</th>
              <th scope="col" className="num">{t('model.allocationCol')}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: numBuckets(scheme) }, (_, bucket) => (
              <tr key={bucket}>
                <td className="num">{bucket}</td>
                <td>{bucketRangeLabel(scheme, bucket)}</td>
                <td className="num">{num(allocationOf(scheme, bucket), 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function DataSection({ card }: CardProps) {
  const { t, num } = useT();
  const { data } = card;
  return (
    <dl className="facts" data-testid="model.data">
      <dt>{t('model.dataSource')}</dt>
      <dd>{data.source}</dd>
      <dt>{t('model.dataLicence')}</dt>
      <dd>{data.licence}</dd>
      <dt>{t('model.records')}</dt>
      <dd>{num(data.records, 0)}</dd>
      <dt>{t('model.splits')}</dt>
      <dd>
        {t('model.splitSizes', {
          train: num(data.split_sizes.train, 0),
          validation: num(data.split_sizes.validation, 0),
          test: num(data.split_sizes.test, 0),
        })}
      </dd>
      {data.split_seed !== undefined && (
        <>
          <dt>{t('model.seed')}</dt>
          <dd>{data.split_seed}</dd>
        </>
      )}
      <dt>{t('model.splitRule')}</dt>
      <dd>{data.split_rule}</dd>
    </dl>
  );
}

export function VariantsTable({ card }: CardProps) {
  const { t, num } = useT();
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="model.variants">
        <thead>
          <tr>
            <th scope="col">{t('model.variantName')}</th>
            <th scope="col">{t('model.variantFile')}</th>
            <th scope="col" className="num">{t('model.variantSize')}</th>
            <th scope="col">{t('model.variantQuantization')}</th>
            <th scope="col">{t('model.variantBackends')}</th>
          </tr>
        </thead>
        <tbody>
          {card.variants.map((variant) => (
            <tr key={variant.name}>
              <td>{variant.name}</td>
              <td>
                <code>{variant.file}</code>
              </td>
              <td className="num">{t('model.mebibytes', { value: num(variant.bytes / MEBIBYTE, 1) })}</td>
              <td>{variant.quantization}</td>
              <td>{variant.backends.map((backend) => BACKEND_NAMES[backend]).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RebuildSection({ card }: CardProps) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <div className="code-row">
        <pre data-testid="model.rebuild">
          <code>{card.rebuild_command}</code>
        </pre>
        <button
          type="button"
          className="secondary small"
          onClick={() => {
            void navigator.clipboard?.writeText(card.rebuild_command).then(() => setCopied(true));
          }}
        >
          {copied ? t('common.copied') : t('common.copy')}
        </button>
      </div>
      {Object.keys(card.training).length > 0 && (
        <details>
          <summary>{t('model.trainingDetails')}</summary>
          <pre className="json">{JSON.stringify(card.training, null, 2)}</pre>
        </details>
      )}
      <p className="hint">{t('model.created', { date: card.created })}</p>
    </>
  );
}
