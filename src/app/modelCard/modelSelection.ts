/**
 * Loading the model index and the cards, and choosing the model: from `?model=` at
 * start-up, then from the picker. Choosing a model loads it into the predictor.
 */
import { checkModelIndex, chooseModel, type ModelIndex } from '../../predictor/modelIndex.ts';
import { searchWithModel, modelFromSearch } from '../predictor/modelParam.ts';
import { modelCardUrl, modelIndexUrl } from '../predictor/modelLocation.ts';
import { failPredictorStart, loadPredictor } from '../predictor/predictorService.ts';
import { checkModelCard } from './checkModelCard.ts';
import { useModelCardStore, type ModelCardState } from './modelCardStore.ts';

let loading: Promise<void> | undefined;

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} failed with HTTP ${response.status}`);
  return response.json();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function setCard(modelId: string, card: ModelCardState): void {
  useModelCardStore.setState((state) => ({
    cards: { ...state.cards, [modelId]: card },
    ...(state.selectedId === modelId ? { card } : {}),
  }));
}

async function loadCard(modelId: string): Promise<void> {
  const url = modelCardUrl(modelId);
  try {
    const card = checkModelCard(await fetchJson(url), url);
    if (card.id !== modelId) throw new Error(`${url}: "id" is "${card.id}", but the folder and models/index.json name it "${modelId}"`);
    setCard(modelId, { status: 'ready', url, card });
  } catch (error) {
    setCard(modelId, { status: 'failed', url, message: errorMessage(error) });
  }
}

/**
 * Fetches the model index once, chooses the model named by `?model=` (else the
 * default, noting an unknown id), starts the predictor on it and fetches every card.
 */
export function loadModels(): Promise<void> {
  if (loading !== undefined) return loading;
  const url = modelIndexUrl();
  useModelCardStore.setState({ index: { status: 'loading', url }, card: { status: 'loading', url } });
  loading = (async () => {
    let index: ModelIndex;
    try {
      index = checkModelIndex(await fetchJson(url), url);
    } catch (error) {
      const message = `the list of models could not be loaded: ${errorMessage(error)}`;
      useModelCardStore.setState({ index: { status: 'failed', url, message }, card: { status: 'failed', url, message } });
      failPredictorStart(message);
      return;
    }
    const choice = chooseModel(index, modelFromSearch(globalThis.location.search));
    const cards = Object.fromEntries(index.models.map((entry) => [entry.id, { status: 'loading', url: modelCardUrl(entry.id) } as const]));
    useModelCardStore.setState({
      index: { status: 'ready', url, index },
      selectedId: choice.id,
      unknownModelParam: choice.unknownId,
      cards,
      card: cards[choice.id]!,
    });
    void loadPredictor(choice.id).catch(() => {
      // The failure is in the predictor store, and the backend badge shows it.
    });
    await Promise.all(index.models.map((entry) => loadCard(entry.id)));
  })();
  return loading;
}

/**
 * Makes `modelId` the model of every view: writes it to `?model=` (keeping the other
 * parameters and the tab) and loads it into the predictor. Ignores an id the index does not list.
 */
export function selectModel(modelId: string): void {
  const state = useModelCardStore.getState();
  if (state.index.status !== 'ready' || !state.index.index.models.some((entry) => entry.id === modelId)) return;
  const { location, history } = globalThis;
  history.replaceState(null, '', `${searchWithModel(location.search, modelId)}${location.hash}`);
  useModelCardStore.setState({
    selectedId: modelId,
    unknownModelParam: null,
    card: state.cards[modelId] ?? { status: 'loading', url: modelCardUrl(modelId) },
  });
  void loadPredictor(modelId).catch(() => {
    // The failure is in the predictor store, and the backend badge shows it.
  });
}
