import { useT, type Translator } from '../../i18n/useT.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';
import { readyCardOf, useModelCardStore } from '../modelCard/modelCardStore.ts';
import { selectModel } from '../modelCard/modelSelection.ts';

function modelDetails(card: ModelCard, { t }: Translator): string {
  return t('models.details', { label: card.label.source, tokenizer: card.label.tokenizer, served: card.served_model });
}

/**
 * Chooses the shipped model that every view and the predictor use. The options are
 * the models of `models/index.json`, named by their card titles once the cards load.
 */
export function ModelPicker() {
  const translator = useT();
  const { t } = translator;
  const index = useModelCardStore((state) => state.index);
  const selectedId = useModelCardStore((state) => state.selectedId);
  const cards = useModelCardStore((state) => state.cards);
  if (index.status !== 'ready' || selectedId === null) return null;

  const selectedCard = readyCardOf(cards, selectedId);
  return (
    <label className="model-picker">
      <span>{t('models.label')}</span>
      <select
        value={selectedId}
        onChange={(event) => selectModel(event.target.value)}
        title={selectedCard === null ? selectedId : `${selectedCard.title}\n${modelDetails(selectedCard, translator)}`}
        data-testid="model.picker"
      >
        {index.index.models.map((entry) => {
          const card = readyCardOf(cards, entry.id);
          return (
            <option key={entry.id} value={entry.id} title={card === null ? undefined : modelDetails(card, translator)}>
              {card === null ? entry.id : t('models.option', { title: card.title, id: entry.id })}
            </option>
          );
        })}
      </select>
    </label>
  );
}

/** Says why the app does not use the model the URL asked for, or why it has no model at all. */
export function ModelAlert() {
  const { t } = useT();
  const index = useModelCardStore((state) => state.index);
  const selectedId = useModelCardStore((state) => state.selectedId);
  const unknownParam = useModelCardStore((state) => state.unknownModelParam);

  if (index.status === 'failed') {
    return (
      <p role="alert" className="alert error header-alert" data-testid="model.indexError">
        {index.message}
      </p>
    );
  }
  if (index.status !== 'ready' || unknownParam === null || selectedId === null) return null;
  return (
    <p role="alert" className="alert error header-alert" data-testid="model.unknownParam">
      {t('models.unknownParam', {
        value: unknownParam,
        fallback: selectedId,
        list: index.index.models.map((entry) => entry.id).join(', '),
      })}
    </p>
  );
}
