/**
 * Holds every model that public/models/index.json lists to the checks the app runs
 * when it loads it: the card, and the evaluation report when the folder has one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkModelIndex, defaultModelId } from '../../predictor/modelIndex.ts';
import { parseReport } from '../../predictor/report.ts';
import { checkModelCard } from './checkModelCard.ts';

const MODELS_DIR = fileURLToPath(new URL('../../../public/models/', import.meta.url));
const index = checkModelIndex(JSON.parse(readFileSync(`${MODELS_DIR}index.json`, 'utf8')), 'public/models/index.json');

describe('public/models/index.json', () => {
  it('marks the S³ model as the default', () => {
    expect(defaultModelId(index)).toBe('minilm-l6-alpaca-s3');
  });
});

describe.each(index.models.map((entry) => entry.id))('shipped model %s', (id) => {
  const cardPath = `${MODELS_DIR}${id}/model-card.json`;
  const card = checkModelCard(JSON.parse(readFileSync(cardPath, 'utf8')), cardPath);

  it('has a card whose id is its folder name', () => {
    expect(card.id).toBe(id);
  });

  it('has an evaluation report that parses, when it ships one', () => {
    const reportPath = `${MODELS_DIR}${id}/${card.report ?? 'report.json'}`;
    if (card.report !== undefined) expect(existsSync(reportPath), reportPath).toBe(true);
    if (!existsSync(reportPath)) return;
    const report = parseReport(JSON.parse(readFileSync(reportPath, 'utf8')), reportPath);
    expect(report.fine_buckets).toEqual(card.buckets.edges);
  });
});
