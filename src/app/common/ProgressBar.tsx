import { useT } from '../../i18n/useT.ts';

interface ProgressBarProps {
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly onCancel?: () => void;
  readonly testId: string;
}

/** Determinate progress with a live text for screen readers and an optional Cancel button. */
export function ProgressBar({ label, done, total, onCancel, testId }: ProgressBarProps) {
  const { t, num } = useT();
  const share = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div className="progress" data-testid={testId}>
      <progress max={total > 0 ? total : 1} value={total > 0 ? done : 0} aria-label={label} />
      <span className="progress-text" aria-live="polite" data-testid={`${testId}.text`}>
        {t('common.progress', { label, done: num(done, 0), total: num(total, 0), percent: num(share * 100, 0) })}
      </span>
      {onCancel !== undefined && (
        <button type="button" className="secondary" onClick={onCancel} data-testid={`${testId}.cancel`}>
          {t('common.cancel')}
        </button>
      )}
    </div>
  );
}
