import { useEffect, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { PARITY_PROBABILITY_TOLERANCE } from '../../predictor/parity.ts';
import { BACKEND_NAMES } from '../predictor/backendLabel.ts';
import { ProgressBar } from '../common/ProgressBar.tsx';
import { fetchParityFixture, runParityCheck, type ParityOutcome } from './parityRun.ts';

type CheckState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly outcome: ParityOutcome }
  | { readonly kind: 'error'; readonly message: string };

/** Lets a user hold their own browser's predictions of `modelId` to the native reference saved at export time. */
export function ParityCheck({ modelId }: { readonly modelId: string }) {
  const { t } = useT();
  const [state, setState] = useState<CheckState>({ kind: 'idle' });
  const [promptCount, setPromptCount] = useState<number | null>(null);

  useEffect(() => {
    fetchParityFixture(modelId).then(
      (fixture) => setPromptCount(fixture.prompts.length),
      () => setPromptCount(null),
    );
  }, [modelId]);

  const start = () => {
    setState({ kind: 'running', done: 0, total: promptCount ?? 0 });
    runParityCheck(modelId, (done, total) => setState({ kind: 'running', done, total })).then(
      (outcome) => setState({ kind: 'done', outcome }),
      (error: unknown) => setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  };

  return (
    <div data-testid="model.parity">
      <p>{t('parity.intro', { count: promptCount ?? '…' })}</p>
      <button type="button" onClick={start} disabled={state.kind === 'running'} data-testid="model.parity.run">
        {t('parity.run')}
      </button>
      {state.kind === 'running' && (
        <ProgressBar done={state.done} total={state.total} label={t('parity.running')} testId="model.parity.progress" />
      )}
      {state.kind === 'error' && (
        <p role="alert" className="alert error" data-testid="model.parity.error">
          {t('parity.error', { message: state.message })}
        </p>
      )}
      {state.kind === 'done' && <ParityReportView outcome={state.outcome} />}
    </div>
  );
}

function ParityReportView({ outcome }: { readonly outcome: ParityOutcome }) {
  const { t, num } = useT();
  const { report } = outcome;
  const backend = BACKEND_NAMES[outcome.backend];
  const values = {
    backend,
    variant: report.variant,
    matches: report.bucketMatches,
    total: report.prompts,
    gap: report.maxProbabilityGap.toExponential(1),
    tolerance: PARITY_PROBABILITY_TOLERANCE,
    ms: num(outcome.msPerPrompt, 1),
    tokens: report.tokenCountMismatches,
  };
  return (
    <div
      role="status"
      className={`alert ${report.passed ? 'ok' : 'error'}`}
      data-testid="model.parity.report"
      data-passed={String(report.passed)}
      data-prompts={report.prompts}
      data-bucket-matches={report.bucketMatches}
      data-max-gap={report.maxProbabilityGap}
      data-variant={report.variant}
      data-model={outcome.modelId}
      data-backend={outcome.backend}
      data-ms-per-prompt={outcome.msPerPrompt}
    >
      <p>{report.passed ? t('parity.passed', values) : t('parity.failed', values)}</p>
      {report.mismatches.length > 0 && (
        <ul>
          {report.mismatches.map((mismatch) => (
            <li key={mismatch.index}>
              {t('parity.mismatch', { index: mismatch.index + 1, expected: mismatch.expectedBucket, actual: mismatch.actualBucket })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
