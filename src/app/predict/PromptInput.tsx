import { useId } from 'react';
import { useT } from '../../i18n/useT.ts';
import { FileErrorAlert } from '../common/ErrorAlert.tsx';
import { clearPromptFile, dismissPromptFileError, loadPromptFile, setPromptText } from './predictActions.ts';
import { usePredictStore } from './predictStore.ts';

/** Example prompts of very different answer lengths, written for this app. */
const EXAMPLE_PROMPTS = [
  'What is the capital of Australia?',
  'Translate "good morning" into French.',
  'Give three tips for sleeping better.',
  'Write a detailed, step-by-step tutorial on setting up a Python web server with Flask, including code for every step.',
  'Write a 1000-word short story about a lighthouse keeper who finds a message in a bottle.',
].join('\n');

export function PromptInput() {
  const { t, num } = useT();
  const { text, file, fileError } = usePredictStore();
  const textId = useId();
  const fileId = useId();

  return (
    <section className="card" aria-labelledby={`${textId}-heading`}>
      <h2 id={`${textId}-heading`}>{t('predict.inputTitle')}</h2>
      <label htmlFor={textId}>{t('predict.textLabel')}</label>
      <textarea
        id={textId}
        rows={7}
        value={text}
        onChange={(event) => setPromptText(event.target.value)}
        placeholder={t('predict.textPlaceholder')}
        disabled={file !== null}
        data-testid="predict.text"
      />
      <div className="row">
        <button type="button" className="secondary small" onClick={() => setPromptText(EXAMPLE_PROMPTS)} disabled={file !== null}>
          {t('predict.examples')}
        </button>
        <label htmlFor={fileId} className="file-label">
          {t('predict.fileLabel')}
        </label>
        <input
          id={fileId}
          type="file"
          accept=".json,.jsonl,.ndjson,.csv,application/json"
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            // Clearing the value lets the same file be chosen again after it is fixed.
            event.target.value = '';
            if (chosen !== undefined) void loadPromptFile(chosen);
          }}
          data-testid="predict.file"
        />
      </div>
      <p className="hint">{t('predict.fileHint')}</p>
      {file !== null && (
        <p className="notice" data-testid="predict.fileInfo">
          {t('predict.fileLoaded', { file: file.fileName, count: num(file.prompts.length, 0) })}{' '}
          <button type="button" className="link" onClick={clearPromptFile}>
            {t('predict.fileClear')}
          </button>
        </p>
      )}
      <FileErrorAlert error={fileError} testId="predict.fileError" onDismiss={dismissPromptFileError} />
    </section>
  );
}
