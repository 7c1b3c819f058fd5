/**
 * The shipped models: the index, every listed model's card (for the picker) and the
 * selected model, whose card every view reads from `card`.
 */
import { create } from 'zustand';
import type { ModelCard } from '../../predictor/modelCard.ts';
import type { ModelIndex } from '../../predictor/modelIndex.ts';

export type ModelCardState =
  | { readonly status: 'loading'; readonly url: string }
  | { readonly status: 'ready'; readonly url: string; readonly card: ModelCard }
  | { readonly status: 'failed'; readonly url: string; readonly message: string };

export type ModelIndexState =
  | { readonly status: 'loading'; readonly url: string }
  | { readonly status: 'ready'; readonly url: string; readonly index: ModelIndex }
  | { readonly status: 'failed'; readonly url: string; readonly message: string };

export interface ModelsState {
  readonly index: ModelIndexState;
  /** Id of the model that every view and the predictor use; null until the index is loaded. */
  readonly selectedId: string | null;
  /** The `?model=` value that named no listed model, so the default was used instead. */
  readonly unknownModelParam: string | null;
  /** Cards of the listed models, by id. */
  readonly cards: Readonly<Record<string, ModelCardState>>;
  /** Card of the selected model; while there is none, the state of the index. */
  readonly card: ModelCardState;
}

export const useModelCardStore = create<ModelsState>()(() => ({
  index: { status: 'loading', url: '' },
  selectedId: null,
  unknownModelParam: null,
  cards: {},
  card: { status: 'loading', url: '' },
}));

/** Returns the selected model's card when it is loaded, else null. */
export function useReadyModelCard(): ModelCard | null {
  return useModelCardStore((state) => (state.card.status === 'ready' ? state.card.card : null));
}

/** Returns the card of a listed model when it is loaded, else null. */
export function readyCardOf(cards: ModelsState['cards'], modelId: string): ModelCard | null {
  const state = cards[modelId];
  return state?.status === 'ready' ? state.card : null;
}
