import { useT } from '../../i18n/useT.ts';
import type { FileErrorInfo } from './fileError.ts';

interface ErrorAlertProps {
  readonly error: FileErrorInfo | null;
  readonly testId: string;
  readonly onDismiss: () => void;
}

/**
 * Alert region for a file that failed to load. It is always in the DOM, so a screen
 * reader announces the text when it appears. The data the user had stays untouched.
 */
export function FileErrorAlert({ error, testId, onDismiss }: ErrorAlertProps) {
  const { t } = useT();
  return (
    <div role="alert" aria-live="assertive" className={error === null ? 'alert-slot' : 'alert error'} data-testid={testId}>
      {error !== null && (
        <>
          <p className="alert-title">{t('file.errorTitle', { file: error.fileName })}</p>
          {/* The full message repeats file, line and value, so the structured parts replace it when present. */}
          <p data-testid={`${testId}.message`}>{error.problem ?? error.message}</p>
          {error.line !== undefined && (
            <p className="alert-detail" data-testid={`${testId}.line`}>
              {error.lineUnit === 'record' ? t('file.errorRecord', { line: error.line }) : t('file.errorLine', { line: error.line })}
              {error.value !== undefined && (
                <>
                  {' '}
                  {t('file.errorValue')} <code data-testid={`${testId}.value`}>{error.value === '' ? t('file.emptyValue') : error.value}</code>
                </>
              )}
            </p>
          )}
          {error.expected !== undefined && (
            <p className="alert-detail" data-testid={`${testId}.expected`}>
              {t('file.errorExpected', { expected: error.expected })}
            </p>
          )}
          <p className="alert-detail">{t('file.keptPrevious')}</p>
          <button type="button" className="secondary small" onClick={onDismiss}>
            {t('common.dismiss')}
          </button>
        </>
      )}
    </div>
  );
}
