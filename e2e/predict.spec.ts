import { expect, test } from '@playwright/test';
import { openApp } from './helpers.ts';

/** Loading the model and running a few prompts on WASM takes seconds; CI machines are slow. */
const PREDICT_TIMEOUT_MS = 120_000;

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'runs once, on WASM, in the no-webgpu project');
});

test('pasted prompts get buckets, allocations and times', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, { tab: 'predict' });
  await page.getByTestId('predict.text').fill(
    ['Give three tips for staying healthy.', 'Write a 1500-word essay on the history of the printing press.', 'What is 2 + 2?'].join('\n'),
  );
  await page.getByTestId('predict.run').click();
  await expect(page.getByTestId('predict.totals')).toBeVisible({ timeout: PREDICT_TIMEOUT_MS });

  const rows = page.getByTestId('predict.row');
  await expect(rows).toHaveCount(3);
  for (let index = 0; index < 3; index += 1) {
    await expect(rows.nth(index).getByTestId('predict.bucket')).toHaveText(/^\d+(–\d+|\+)$/);
  }
  await expect(page.getByTestId('predict.backend')).toContainText('WASM');
  const box = await page.getByTestId('predict.results').boundingBox();
  expect(box, 'results table box').not.toBeNull();
  expect(box!.x + box!.width, 'results table right edge at 1280 px').toBeLessThanOrEqual(1280);
  expect(Number(await page.getByTestId('predict.meanMs').innerText())).toBeGreaterThan(0);

  const download = page.waitForEvent('download');
  await page.getByTestId('predict.exportCsv').click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
});

test('a long batch shows progress and can be cancelled', async ({ page }) => {
  await openApp(page, { tab: 'predict' });
  const prompts = Array.from({ length: 400 }, (_, index) => `Summarise paragraph ${index} of the report in one sentence.`);
  await page.getByTestId('predict.text').fill(prompts.join('\n'));
  await page.getByTestId('predict.run').click();

  const progress = page.getByTestId('predict.progress');
  await expect(progress).toBeVisible({ timeout: PREDICT_TIMEOUT_MS });
  await expect(page.getByTestId('predict.row').first()).toBeVisible({ timeout: PREDICT_TIMEOUT_MS });
  await page.getByTestId('predict.progress.cancel').click();

  await expect(page.getByTestId('predict.cancelled')).toBeVisible({ timeout: 30_000 });
  const kept = await page.getByTestId('predict.row').count();
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(prompts.length);
});
