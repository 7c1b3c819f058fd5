/** The shipped models as the end-to-end specs read them: public/models/index.json and each model's files. */
import { existsSync, readFileSync } from 'node:fs';
import type { ModelCard } from '../src/predictor/modelCard.ts';
import { defaultModelId, type ModelIndex } from '../src/predictor/modelIndex.ts';

export interface ShippedModel {
  readonly id: string;
  readonly card: ModelCard;
  /** Number of prompts in the model's parity.json. */
  readonly parityPrompts: number;
  readonly hasReport: boolean;
}

const MODELS_DIR = 'public/models';

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export const MODEL_INDEX = readJson<ModelIndex>(`${MODELS_DIR}/index.json`);
export const DEFAULT_MODEL_ID = defaultModelId(MODEL_INDEX);

export const SHIPPED_MODELS: readonly ShippedModel[] = MODEL_INDEX.models.map(({ id }) => {
  const card = readJson<ModelCard>(`${MODELS_DIR}/${id}/model-card.json`);
  return {
    id,
    card,
    parityPrompts: readJson<{ prompts: string[] }>(`${MODELS_DIR}/${id}/parity.json`).prompts.length,
    hasReport: existsSync(`${MODELS_DIR}/${id}/${card.report ?? 'report.json'}`),
  };
});
