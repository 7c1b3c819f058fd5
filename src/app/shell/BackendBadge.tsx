import { useEffect, useId, useRef, useState } from 'react';
import { useT, type Translator } from '../../i18n/useT.ts';
import { BACKEND_NAMES as BACKEND_LABELS, backendLabel } from '../predictor/backendLabel.ts';
import { failedAttempts, usePredictorStore, type PredictorStatus } from '../predictor/predictorStore.ts';

function badgeText(status: PredictorStatus, translator: Translator): string {
  switch (status.kind) {
    case 'loading':
      return translator.t('backend.loading');
    case 'ready':
      return backendLabel(status.backend, status.wasmThreads, translator);
    case 'failed':
      return translator.t('backend.failed', { reason: status.message });
  }
}

/**
 * Shows in the header which predictor backend runs, or why none does. Hovering shows
 * why earlier backends failed, and a click opens the same reasons as a panel.
 */
export function BackendBadge() {
  const translator = useT();
  const { t, num } = translator;
  const { status, requestedBackends, ignoredBackendParam } = usePredictorStore();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const root = useRef<HTMLDivElement>(null);
  const failures = failedAttempts(status);
  const text = badgeText(status, translator);
  const hover = [text, ...failures.map((attempt) => `${BACKEND_LABELS[attempt.backend]}: ${attempt.error ?? ''}`)].join('\n');

  useEffect(() => {
    if (!open) return undefined;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="backend" ref={root}>
      <span className="backend-label">{t('backend.label')}</span>
      <button
        type="button"
        className={`badge badge-${status.kind}${failures.length > 0 ? ' badge-fallback' : ''}`}
        title={hover}
        aria-expanded={open}
        aria-controls={detailsId}
        aria-live="polite"
        onClick={() => setOpen((value) => !value)}
        data-testid="backend.badge"
        data-state={status.kind}
        data-backend={status.kind === 'ready' ? status.backend : ''}
      >
        {text}
        {failures.length > 0 && status.kind === 'ready' && <span aria-hidden="true"> ⚠</span>}
      </button>
      {open && (
        <div className="backend-details" id={detailsId} role="region" aria-label={t('backend.detailsTitle')} data-testid="backend.details">
          <p>
            {t('backend.tried', { list: requestedBackends.map((name) => BACKEND_LABELS[name]).join(' → ') })}
            {ignoredBackendParam !== null && <> {t('backend.ignoredParam', { value: ignoredBackendParam })}</>}
          </p>
          {status.kind === 'loading' && status.stage !== null && <p>{t('backend.stage', { stage: status.stage })}</p>}
          {status.kind === 'ready' && (
            <p>{t('backend.readyDetails', { variant: status.variant, ms: num(status.loadMs, 0) })}</p>
          )}
          {status.kind === 'failed' && <p className="inline-error">{status.message}</p>}
          {failures.length > 0 && (
            <ul>
              {failures.map((attempt) => (
                <li key={attempt.backend}>
                  <strong>{BACKEND_LABELS[attempt.backend]}</strong>: {attempt.error ?? t('backend.noReason')}
                </li>
              ))}
            </ul>
          )}
          <p className="hint">{t('backend.paramHint')}</p>
        </div>
      )}
    </div>
  );
}
