/** State of the Predict view: the typed text, a loaded prompt file, its last error and the last run. */
import { create } from 'zustand';
import type { FileErrorInfo } from '../common/fileError.ts';
import type { PredictRun } from './predictRun.ts';

export interface PromptFile {
  readonly fileName: string;
  readonly prompts: readonly string[];
}

export interface PredictState {
  readonly text: string;
  readonly file: PromptFile | null;
  readonly fileError: FileErrorInfo | null;
  readonly run: PredictRun | null;
}

export const INITIAL_PREDICT_STATE: PredictState = { text: '', file: null, fileError: null, run: null };

export const usePredictStore = create<PredictState>()(() => INITIAL_PREDICT_STATE);
