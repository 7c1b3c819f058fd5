/**
 * The Cost model tab and the serving settings that feed it: presets, tensor
 * parallelism, the does-not-fit message and a measured latency table.
 */
import { expect, test } from '@playwright/test';
import { openApp, uploadFile } from './helpers.ts';

// Nothing here needs WebGPU, so these run once, in the project without it.
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'runs once, in the no-webgpu project');
});

test('cost model tab shows the equations of the selected presets', async ({ page }) => {
  await openApp(page, { tab: 'cost' });
  await expect(page.getByTestId('cost.intro')).toContainText('GPT-J 6B in fp16 on 1 × NVIDIA A100 80GB SXM');
  await expect(page.getByTestId('cost.eq.kv')).toContainText('= 2 × 28 × 4,096 × 2 B = 458,752 B (448 KiB)');
  await expect(page.getByTestId('cost.eq.capacity')).toContainText('tokens = ⌊KV / kv⌋ = 143,314');
  await expect(page.getByTestId('cost.decode.1')).toContainText('memory');
  await expect(page.getByTestId('cost.assumptions').locator('li')).toHaveCount(8);
});

test('oversized model error and tensor-parallel fix', async ({ page }) => {
  await openApp(page, { tab: 'simulate' });
  await page.getByTestId('sim.model').selectOption('llama-65b');
  await page.getByTestId('sim.gpu').selectOption('a100-40gb');
  await expect(page.getByTestId('sim.fitError')).toContainText('LLaMA 65B in fp16 does not fit on 1 × NVIDIA A100 40GB SXM');
  await expect(page.getByTestId('sim.fitError')).toContainText('choose a tensor-parallel size of 4 or more');

  await page.getByTestId('sim.tensorParallel').selectOption('4');
  await expect(page.getByTestId('sim.fitError')).toBeHidden();
  await expect(page.getByTestId('sim.kvCapacity')).toContainText('Over 4 GPUs');

  await page.getByTestId('tab.cost').click();
  await expect(page.getByTestId('cost.intro')).toContainText('LLaMA 65B in fp16 on 4 × NVIDIA A100 40GB SXM');
  await expect(page.getByTestId('cost.eq.kv')).toContainText('2,621,440 B');
  await expect(page.getByTestId('cost.eq.allReduce')).toContainText('µs per token');
});

test('latency table loads, reports a bad row, and clears', async ({ page }) => {
  await openApp(page, { tab: 'simulate' });
  const good = ['batch_size,context_tokens,latency_ms', '1,0,8', '1,4096,9', '32,0,12', '32,4096,30'].join('\n');
  await uploadFile(page, 'sim.latency.file', 'a100-steps.csv', good, 'text/csv');
  await expect(page.getByTestId('sim.latency.status')).toContainText('Using a100-steps.csv (4 rows)');
  await expect(page.getByTestId('sim.latency.ranges')).toContainText('batch sizes 1 to 32, 0 to 4,096 context tokens');
  await expect(page.getByTestId('sim.latency.ranges')).toContainText('more than the largest context in this table (4,096)');

  await uploadFile(page, 'sim.latency.file', 'broken.csv', 'batch_size,context_tokens,latency_ms\n1,0,x', 'text/csv');
  await expect(page.getByTestId('sim.latency.error')).toContainText('Could not load broken.csv');
  await expect(page.getByTestId('sim.latency.error.line')).toContainText('Line 2.');
  await expect(page.getByTestId('sim.latency.error.value')).toHaveText('x');
  await expect(page.getByTestId('sim.latency.status')).toContainText('Using a100-steps.csv');

  await page.getByTestId('tab.cost').click();
  await expect(page.getByText('Simulations use the measured latency table a100-steps.csv')).toBeVisible();
  await expect(page.getByTestId('cost.decodeTable')).toContainText('Measured table (ms)');

  await page.getByTestId('tab.simulate').click();
  await page.getByTestId('sim.latency.clear').click();
  await expect(page.getByTestId('sim.latency.status')).toContainText('Roofline of the constants below');
});
