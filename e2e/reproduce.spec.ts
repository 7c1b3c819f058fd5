import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { MODEL_PRESET_IDS } from '../src/sim/presets.ts';
import { openApp } from './helpers.ts';

/** Maximum wait for both sections (about 400 simulations) on a 2-core CI machine. */
const REPRODUCTION_TIMEOUT_MS = 150_000;
const CARD = JSON.parse(readFileSync(new URL('../public/models/minilm-l6-alpaca-s3/model-card.json', import.meta.url), 'utf8')) as {
  id: string;
};

// Nothing here needs WebGPU, so these run once, in the project without it.
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'runs once, in the no-webgpu project');
});

test.describe('Reproduce view', () => {
  test('S³ table has one row per model and marks the highest ratio', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, { tab: 'reproduce' });
    const table = page.getByTestId('repro.s3.table');
    await expect(table).toBeVisible({ timeout: REPRODUCTION_TIMEOUT_MS });
    const box = await table.boundingBox();
    expect(box, 'S³ table box').not.toBeNull();
    expect(box!.x + box!.width, 'S³ table right edge at 1280 px').toBeLessThanOrEqual(1280);

    await expect(page.getByTestId('repro.buckets.model')).toContainText(CARD.id);
    await expect(page.getByTestId('repro.buckets.match')).toHaveAttribute('data-matches', 'true');

    const ratios: number[] = [];
    for (const modelId of MODEL_PRESET_IDS) {
      const row = page.getByTestId(`repro.s3.row.${modelId}`);
      await expect(row).toBeVisible();
      const ratio = Number(await row.getByTestId('repro.s3.ratio').getAttribute('data-value'));
      expect(ratio, `${modelId} S³ / max-length`).toBeGreaterThan(1);
      ratios.push(ratio);
    }
    await expect(table.locator('tbody tr')).toHaveCount(MODEL_PRESET_IDS.length);

    const marked = table.locator('tr[data-max="true"]');
    await expect(marked).toHaveCount(1);
    const markedRatio = Number(await marked.getByTestId('repro.s3.ratio').getAttribute('data-value'));
    expect(markedRatio).toBe(Math.max(...ratios));
    const verdict = page.getByTestId('repro.s3.verdict');
    expect(Number(await verdict.getAttribute('data-value'))).toBe(markedRatio);
    await expect(verdict).toContainText(/inside|outside/);

    const directions = page.getByTestId('repro.sens').locator('tr[data-direction]');
    expect(await directions.count()).toBeGreaterThan(10);
  });

  test('vLLM order holds on Alpaca and follows the threshold', async ({ page }) => {
    await openApp(page, { tab: 'reproduce' });
    const order = page.getByTestId('repro.vllm.order.alpaca');
    await expect(order).toBeVisible({ timeout: REPRODUCTION_TIMEOUT_MS });
    await expect(order).toHaveAttribute('data-holds', 'true');
    await expect(order).toContainText('holds');

    const rate = async (system: string) =>
      Number(await page.getByTestId(`repro.vllm.row.alpaca.${system}`).getAttribute('data-rate'));
    expect(await rate('vllm')).toBeGreaterThanOrEqual(await rate('orca-oracle'));
    expect(await rate('orca-oracle')).toBeGreaterThanOrEqual(await rate('orca-max'));
    expect(await rate('orca-max')).toBeGreaterThan(0);
    await expect(page.getByTestId('repro.vllm.order.azure-conv')).toBeVisible();

    const before = await rate('vllm');
    await page.getByTestId('repro.vllm.threshold').fill('0.05');
    await expect.poll(() => rate('vllm')).toBeLessThan(before);

    const paths = page.getByTestId('repro.vllm.chart.alpaca').locator('svg path.recharts-curve');
    expect(await paths.count()).toBeGreaterThanOrEqual(3);
  });

  test('S³ table exports CSV', async ({ page }) => {
    await openApp(page, { tab: 'reproduce' });
    await expect(page.getByTestId('repro.s3.table')).toBeVisible({ timeout: REPRODUCTION_TIMEOUT_MS });
    const download = page.waitForEvent('download');
    await page.getByTestId('repro.s3.csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('s3-throughput.csv');
    const lines = readFileSync(await file.path(), 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^model_id,model,gpu,tensor_parallel,/);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([...MODEL_PRESET_IDS]);
  });
});
