/**
 * The browser must reproduce native onnxruntime: for the parity prompts written at
 * export time, every file of every model in public/models/index.json gives the
 * native bucket and probabilities within PARITY_PROBABILITY_TOLERANCE on every
 * backend its model card lists. The `webgpu` project runs Chromium with a WebGPU
 * adapter (SwiftShader in software); the `no-webgpu` project runs it without one,
 * so the app must fall back to WASM.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_MODEL_ID, SHIPPED_MODELS } from './models.ts';

/** SwiftShader runs the encoder in software at about 2 s a prompt on 2 cores. */
const PARITY_TIMEOUT_MS = 300_000;

async function runParityCheck(page: Page, modelId: string, prompts: number): Promise<void> {
  await page.getByTestId('model.parity.run').click();
  const report = page.getByTestId('model.parity.report');
  await expect(report).toBeVisible({ timeout: PARITY_TIMEOUT_MS });
  await expect(report).toHaveAttribute('data-model', modelId);
  await expect(report).toHaveAttribute('data-prompts', String(prompts));
  await expect(report).toHaveAttribute('data-bucket-matches', String(prompts));
  await expect(report).toHaveAttribute('data-passed', 'true');
}

for (const model of SHIPPED_MODELS) {
  for (const variant of model.card.variants) {
    test(`${model.id} ${variant.name} matches native onnxruntime on WebGPU`, async ({ page }, testInfo) => {
      test.skip(testInfo.project.name !== 'webgpu', 'needs the WebGPU adapter of the webgpu project');
      test.skip(!variant.backends.includes('webgpu'), `${variant.name} is not shipped for WebGPU`);
      test.setTimeout(PARITY_TIMEOUT_MS + 120_000);
      await page.goto(`/?model=${model.id}&backend=webgpu&variant=${variant.name}#model`);
      await expect(page.getByTestId('backend.badge')).toHaveAttribute('data-backend', 'webgpu', { timeout: 120_000 });
      await runParityCheck(page, model.id, model.parityPrompts);
      await expect(page.getByTestId('model.parity.report')).toHaveAttribute('data-variant', variant.name);
    });

    test(`${model.id} ${variant.name} matches native onnxruntime on WASM`, async ({ page }, testInfo) => {
      test.skip(testInfo.project.name !== 'no-webgpu', 'runs once, in the project without WebGPU');
      test.skip(!variant.backends.includes('wasm'), `${variant.name} is not shipped for WASM`);
      await page.goto(`/?model=${model.id}&backend=wasm&variant=${variant.name}#model`);
      await expect(page.getByTestId('backend.badge')).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
      await runParityCheck(page, model.id, model.parityPrompts);
      await expect(page.getByTestId('model.parity.report')).toHaveAttribute('data-variant', variant.name);
    });
  }
}

test('falls back to WASM when WebGPU is unavailable and says why', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'needs a browser without a WebGPU adapter');
  const model = SHIPPED_MODELS.find((candidate) => candidate.id === DEFAULT_MODEL_ID)!;
  await page.goto('/#model');
  const badge = page.getByTestId('backend.badge');
  await expect(badge).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  await expect(badge).toHaveAttribute('title', /WebGPU: .*not available/);
  await runParityCheck(page, model.id, model.parityPrompts);
});
