import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../src/predictor/modelCard.ts';
import { CARD_PATH, README_PATH, renderModelBlock, replaceBlock } from './readme-model-block.ts';

describe('README model summary', () => {
  it('matches the shipped model card', () => {
    const card = JSON.parse(readFileSync(CARD_PATH, 'utf8')) as ModelCard;
    const readme = readFileSync(README_PATH, 'utf8');
    // Fails when the card changed without `npx tsx scripts/readme-model-block.ts --write`.
    expect(replaceBlock(readme, renderModelBlock(card))).toBe(readme);
  });
});
