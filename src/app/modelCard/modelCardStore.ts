/** The shipped model's card, fetched once at start-up and shared by every view. */
import { create } from 'zustand';
import type { ModelCard } from '../../predictor/modelCard.ts';
import { modelCardUrl } from '../predictor/modelLocation.ts';
import { checkModelCard } from './checkModelCard.ts';

export type ModelCardState =
  | { readonly status: 'loading'; readonly url: string }
  | { readonly status: 'ready'; readonly url: string; readonly card: ModelCard }
  | { readonly status: 'failed'; readonly url: string; readonly message: string };

export const useModelCardStore = create<{ readonly card: ModelCardState }>()(() => ({
  card: { status: 'loading', url: '' },
}));

let loading: Promise<void> | undefined;

/** Fetches and checks the model card once, and puts the outcome in the store. */
export function loadModelCard(): Promise<void> {
  if (loading !== undefined) return loading;
  const url = modelCardUrl();
  useModelCardStore.setState({ card: { status: 'loading', url } });
  loading = (async () => {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`GET ${url} failed with HTTP ${response.status}`);
      const card = checkModelCard(await response.json(), url);
      useModelCardStore.setState({ card: { status: 'ready', url, card } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      useModelCardStore.setState({ card: { status: 'failed', url, message } });
    }
  })();
  return loading;
}

/** Returns the card when it is loaded, else null. */
export function useReadyModelCard(): ModelCard | null {
  return useModelCardStore((state) => (state.card.status === 'ready' ? state.card.card : null));
}
