/** Actions of the Predict view's buttons. Components call these and read the store. */
import { translate } from '../../i18n/translate.ts';
import { useLocaleStore } from '../../i18n/localeStore.ts';
import { parseTraceBytes } from '../../traces/index.ts';
import { PredictionCancelled } from '../../worker/predictorClient.ts';
import { toFileErrorInfo } from '../common/fileError.ts';
import { useModelCardStore } from '../modelCard/modelCardStore.ts';
import { runPrediction, type PredictionRun } from '../predictor/predictorService.ts';
import { backendInUse } from '../predictor/predictorStore.ts';
import { addResults, endRun, finishRun, startRun } from './predictRun.ts';
import { promptsOfTrace, splitPromptLines } from './promptSource.ts';
import { usePredictStore } from './predictStore.ts';

let current: PredictionRun | null = null;

/** Returns the prompts the Predict button would send: the loaded file's, else the text box lines. */
export function pendingPrompts(): readonly string[] {
  const { file, text } = usePredictStore.getState();
  return file?.prompts ?? splitPromptLines(text);
}

/** Predicts the pending prompts with the selected model; choosing another model meanwhile cancels the run. */
export async function predictPending(): Promise<void> {
  const prompts = pendingPrompts();
  const modelId = useModelCardStore.getState().selectedId;
  if (prompts.length === 0 || current !== null || modelId === null) return;
  const started = performance.now();
  usePredictStore.setState({ run: startRun(prompts, modelId) });

  const job = runPrediction(
    prompts,
    (done, _total, latest) => {
      const { run } = usePredictStore.getState();
      if (run !== null) usePredictStore.setState({ run: addResults(run, done, latest) });
    },
    modelId,
  );
  current = job;
  try {
    const results = await job.promise;
    const { run } = usePredictStore.getState();
    if (run !== null) usePredictStore.setState({ run: finishRun(run, results, performance.now() - started, backendInUse()) });
  } catch (error) {
    const { run } = usePredictStore.getState();
    if (run !== null) {
      const wallMs = performance.now() - started;
      usePredictStore.setState({
        run:
          error instanceof PredictionCancelled
            ? endRun(run, 'cancelled', wallMs, backendInUse())
            : endRun(run, 'failed', wallMs, backendInUse(), error instanceof Error ? error.message : String(error)),
      });
    }
  } finally {
    current = null;
  }
}

export function cancelPrediction(): void {
  current?.cancel();
}

/**
 * Reads prompts from a trace file. On any error the alert shows it and the text,
 * the previously loaded file and the results stay as they were.
 */
export async function loadPromptFile(file: File): Promise<void> {
  try {
    const trace = await parseTraceBytes(file.name, file.size, () => file.text());
    const prompts = promptsOfTrace(trace);
    if (prompts === null) {
      const locale = useLocaleStore.getState().locale;
      usePredictStore.setState({
        fileError: { fileName: file.name, message: translate(locale, 'predict.fileNoPrompts', { file: file.name }) },
      });
      return;
    }
    usePredictStore.setState({ file: { fileName: file.name, prompts }, fileError: null });
  } catch (error) {
    usePredictStore.setState({ fileError: toFileErrorInfo(file.name, error) });
  }
}

export function clearPromptFile(): void {
  usePredictStore.setState({ file: null });
}

export function setPromptText(text: string): void {
  usePredictStore.setState({ text });
}

export function dismissPromptFileError(): void {
  usePredictStore.setState({ fileError: null });
}
