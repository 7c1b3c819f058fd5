import { useT } from '../../i18n/useT.ts';
import { modelPreset, type ContextOverflow } from '../../sim/index.ts';

/** Shows how many simulated requests are longer than the model's context length and how the simulator treats them, or nothing when none is. */
export function ContextOverflowNotice({ overflow }: { readonly overflow: ContextOverflow }) {
  const { t, num } = useT();
  if (overflow.overLimit === 0) return null;
  return (
    <p className="notice" data-testid="sim.contextOverflow">
      {t('sim.results.contextOverflow', {
        count: num(overflow.overLimit, 0),
        total: num(overflow.totalRequests, 0),
        model: modelPreset(overflow.modelId).label,
        max: num(overflow.maxSequenceTokens, 0),
        prompts: num(overflow.promptsOverLimit, 0),
      })}
    </p>
  );
}
