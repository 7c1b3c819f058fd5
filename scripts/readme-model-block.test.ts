import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../src/predictor/modelCard.ts';
import { CARD_PATH, README_PATH, renderModelBlock, replaceBlock } from './readme-model-block.ts';
import { README_PATH as QUALITY_README_PATH, loadShippedReports, renderQualityBlock, replaceQualityBlock } from './readme-quality-block.ts';

describe('README model summary', () => {
  it('matches the shipped model card', () => {
    const card = JSON.parse(readFileSync(CARD_PATH, 'utf8')) as ModelCard;
    const readme = readFileSync(README_PATH, 'utf8');
    // Fails when the card changed without `npx tsx scripts/readme-model-block.ts --write`.
    expect(replaceBlock(readme, renderModelBlock(card))).toBe(readme);
  });
});

describe('README quality summary', () => {
  it('matches every shipped report', () => {
    const readme = readFileSync(QUALITY_README_PATH, 'utf8');
    // Fails when a report changed without `npx tsx scripts/readme-quality-block.ts --write`.
    expect(replaceQualityBlock(readme, renderQualityBlock(loadShippedReports()))).toBe(readme);
  });
});
