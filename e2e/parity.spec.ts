/**
 * The browser must reproduce native onnxruntime: for the parity prompts written at
 * export time, every shipped file gives the native bucket and probabilities within
 * PARITY_PROBABILITY_TOLERANCE on every backend its model card lists. The
 * `webgpu` project runs Chromium with a WebGPU adapter (SwiftShader in software);
 * the `no-webgpu` project runs it without one, so the app must fall back to WASM.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { ModelCard } from '../src/predictor/modelCard.ts';

const MODEL_ID = 'minilm-l6-alpaca-s3';
const card = JSON.parse(readFileSync(`public/models/${MODEL_ID}/model-card.json`, 'utf8')) as ModelCard;
const parityPrompts = (JSON.parse(readFileSync(`public/models/${MODEL_ID}/parity.json`, 'utf8')) as { prompts: string[] })
  .prompts.length;

/** SwiftShader runs the encoder in software at about 2 s a prompt on 2 cores. */
const PARITY_TIMEOUT_MS = 300_000;

async function runParityCheck(page: Page): Promise<void> {
  await page.getByTestId('model.parity.run').click();
  const report = page.getByTestId('model.parity.report');
  await expect(report).toBeVisible({ timeout: PARITY_TIMEOUT_MS });
  await expect(report).toHaveAttribute('data-prompts', String(parityPrompts));
  await expect(report).toHaveAttribute('data-bucket-matches', String(parityPrompts));
  await expect(report).toHaveAttribute('data-passed', 'true');
}

for (const variant of card.variants) {
  test(`${variant.name} matches native onnxruntime on WebGPU`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'webgpu', 'needs the WebGPU adapter of the webgpu project');
    test.skip(!variant.backends.includes('webgpu'), `${variant.name} is not shipped for WebGPU`);
    test.setTimeout(PARITY_TIMEOUT_MS + 120_000);
    await page.goto(`/?backend=webgpu&variant=${variant.name}#model`);
    await expect(page.getByTestId('backend.badge')).toHaveAttribute('data-backend', 'webgpu', { timeout: 120_000 });
    await runParityCheck(page);
    await expect(page.getByTestId('model.parity.report')).toHaveAttribute('data-variant', variant.name);
  });

  test(`${variant.name} matches native onnxruntime on WASM`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'no-webgpu', 'runs once, in the project without WebGPU');
    test.skip(!variant.backends.includes('wasm'), `${variant.name} is not shipped for WASM`);
    await page.goto(`/?backend=wasm&variant=${variant.name}#model`);
    await expect(page.getByTestId('backend.badge')).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
    await runParityCheck(page);
    await expect(page.getByTestId('model.parity.report')).toHaveAttribute('data-variant', variant.name);
  });
}

test('falls back to WASM when WebGPU is unavailable and says why', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'needs a browser without a WebGPU adapter');
  await page.goto('/#model');
  const badge = page.getByTestId('backend.badge');
  await expect(badge).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  await expect(badge).toHaveAttribute('title', /WebGPU: .*not available/);
  await runParityCheck(page);
});
