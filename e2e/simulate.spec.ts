import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cellNumber, openApp, runComparison, selectSampleTrace, setRequestLimit, SIMULATION_TIMEOUT_MS, uploadFile } from './helpers.ts';

const AZURE_SAMPLE = 'azure-conv-2023.csv';
const POLICIES = ['max-length', 's3', 'oracle'] as const;
/** Enough requests to fill the KV cache in a burst, few enough to simulate quickly in CI. */
const REQUEST_LIMIT = 600;

// Nothing here needs WebGPU, so these run once, in the project without it.
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'runs once, in the no-webgpu project');
});

test.describe('Simulate view', () => {
  test('Alpaca sample gets buckets from the real predictor', async ({ page }) => {
    await openApp(page, { tab: 'simulate' });
    await selectSampleTrace(page, 'alpaca-test-2000.jsonl');
    await expect(page.getByTestId('sim.prediction.mode')).toHaveAttribute('data-mode', 'predictor');

    await setRequestLimit(page, 120);
    await runComparison(page);
    for (const policy of POLICIES) {
      expect(await cellNumber(page, `sim.row.${policy}`, 0), `${policy} throughput`).toBeGreaterThan(0);
    }
    const ratio = Number(await page.getByTestId('sim.ratio').getAttribute('data-value'));
    expect(ratio).toBeGreaterThan(0);
  });

  test('Azure sample compares three policies', async ({ page }) => {
    await openApp(page, { tab: 'simulate' });
    await selectSampleTrace(page, AZURE_SAMPLE);

    const mode = page.getByTestId('sim.prediction.mode');
    await expect(mode).toHaveAttribute('data-mode', 'confusion-matrix');
    await expect(mode).toContainText('no prompt text');
    await expect(mode).toContainText('confusion-matrix');
    await expect(page.getByTestId('sample.licence')).toContainText('CC BY');

    await setRequestLimit(page, REQUEST_LIMIT);
    await page.getByTestId('sim.arrivals').selectOption('burst');
    await runComparison(page);

    for (const policy of POLICIES) {
      const row = page.getByTestId(`sim.row.${policy}`);
      await expect(row).toBeVisible();
      expect(await cellNumber(page, `sim.row.${policy}`, 0), `${policy} throughput`).toBeGreaterThan(0);
    }
    await expect(page.getByTestId('sim.results.meta')).toContainText(`first ${REQUEST_LIMIT} requests`);
    await expect(page.getByTestId('sim.results.meta')).toContainText('confusion matrix');

    const ratio = Number(await page.getByTestId('sim.ratio').getAttribute('data-value'));
    expect(ratio).toBeGreaterThan(0);
    await expect(page.getByTestId('sim.ratio.value')).toHaveText(/^\d+\.\d{2}×$/);

    for (const chart of ['sim.chart.throughput', 'sim.chart.batch', ...POLICIES.map((policy) => `sim.chart.kv.${policy}`)]) {
      const paths = page.getByTestId(chart).locator('svg path');
      expect(await paths.count(), `${chart} paths`).toBeGreaterThan(0);
    }
  });

  test('charts export CSV and PNG', async ({ page }) => {
    await openApp(page, { tab: 'simulate' });
    await selectSampleTrace(page, AZURE_SAMPLE);
    await setRequestLimit(page, 100);
    await runComparison(page);

    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('sim.chart.throughput.csv').click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe('throughput.csv');
    const csvText = readFileSync(await csv.path(), 'utf8');
    const lines = csvText.trimEnd().split('\r\n');
    expect(lines[0]).toBe('policy,throughput_sequences_per_s,throughput_output_tokens_per_s');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([...POLICIES]);

    const pngDownload = page.waitForEvent('download');
    await page.getByTestId('sim.chart.kv.s3.png').click();
    const png = await pngDownload;
    expect(png.suggestedFilename()).toBe('kv-memory-s3.png');
    const bytes = readFileSync(await png.path());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(1000);
  });

  test('results tables fit a 1280-pixel window and report the run setup', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await openApp(page, { tab: 'simulate' });
    await selectSampleTrace(page, AZURE_SAMPLE);
    await setRequestLimit(page, 200);
    await page.getByTestId('sim.arrivals').selectOption('gamma');
    await page.getByTestId('sim.arrivalSeed').fill('7');
    await page.getByTestId('sim.policy.paged').check();
    await page.getByTestId('sim.maxNumSeqs').fill('32');
    await runComparison(page);

    for (const table of ['sim.table', 'sim.latencyTable']) {
      const widths = await page.getByTestId(table).evaluate((element) => ({ table: element.scrollWidth, box: element.parentElement!.clientWidth }));
      expect(widths.table, `${table} width`).toBeLessThanOrEqual(widths.box);
    }
    for (const policy of [...POLICIES, 'paged']) {
      await expect(page.getByTestId(`sim.unused.${policy}`)).toHaveText(/^\d+\.\d% \(\d+(\.\d)? GiB\)$/);
    }
    // Column 7 of the throughput table is the peak batch.
    expect(await cellNumber(page, 'sim.row.paged', 7)).toBeLessThanOrEqual(32);
    await expect(page.getByTestId('sim.results.meta')).toContainText('Arrival seed: 7.');
    await expect(page.getByTestId('sim.results.limits')).toContainText('sequences per step 32');
    await expect(page.getByTestId('sim.contextOverflow')).toContainText('2,048-token context of GPT-J 6B');
    await expect(page.getByTestId('sim.contextOverflow')).toContainText('runs them unchanged');

    const download = page.waitForEvent('download');
    await page.getByTestId('sim.results.csv').click();
    const [header, firstRow] = readFileSync(await (await download).path(), 'utf8').split('\r\n');
    const columns = header!.split(',');
    const cells = firstRow!.split(',');
    expect(cells[columns.indexOf('arrival_seed')]).toBe('7');
    expect(cells[columns.indexOf('mixed_iterations')]).toBe('fused');
    expect(cells[columns.indexOf('arrivals')]).toBe('gamma');
  });

  test('load sweep runs Gamma arrivals with the arrival seed', async ({ page }) => {
    await openApp(page, { tab: 'simulate' });
    await selectSampleTrace(page, AZURE_SAMPLE);
    await setRequestLimit(page, 100);
    await page.getByTestId('sim.arrivalSeed').fill('4');
    await page.getByTestId('sim.sweep.rates').fill('5, 20');
    await page.getByTestId('sim.sweep.arrivals').selectOption('gamma');
    await page.getByTestId('sim.sweep.cv').fill('3');
    await page.getByTestId('sim.sweep.run').click();
    await expect(page.getByTestId('sim.sweep.progress')).toBeHidden({ timeout: SIMULATION_TIMEOUT_MS });
    await expect(page.getByTestId('sim.sweep.meta')).toContainText('Gamma arrivals with CV 3 drawn with seed 4');
    await expect(page.getByTestId('sim.chart.sweep').locator('svg path').first()).toBeAttached();

    await page.getByTestId('sim.sweep.cv').fill('0');
    await expect(page.getByTestId('sim.sweep.run')).toBeDisabled();
  });

  test('bad trace files keep earlier results', async ({ page }) => {
    await openApp(page, { tab: 'simulate' });
    await selectSampleTrace(page, AZURE_SAMPLE);
    await setRequestLimit(page, 200);
    await runComparison(page);
    const ratioBefore = await page.getByTestId('sim.ratio.value').innerText();

    const brokenJsonl = [
      '{"prompt": "Name a prime number.", "output_tokens": 4}',
      '{"prompt": "Write a haiku.", "output_tokens": 20}',
      '{"prompt": "List three colours.", output_tokens: 9}',
    ].join('\n');
    await uploadFile(page, 'trace.file', 'broken.jsonl', brokenJsonl, 'application/x-ndjson');
    const error = page.getByTestId('trace.error');
    await expect(error).toContainText('Could not load broken.jsonl');
    await expect(page.getByTestId('trace.error.line')).toContainText('Line 3.');
    await expect(page.getByTestId('trace.error.value')).toContainText('output_tokens: 9');

    await expect(page.getByTestId('trace.name')).toHaveText(AZURE_SAMPLE);
    await expect(page.getByTestId('sim.results')).toBeVisible();
    await expect(page.getByTestId('sim.ratio.value')).toHaveText(ratioBefore);

    const negativeCsv = [
      'TIMESTAMP,ContextTokens,GeneratedTokens',
      '2023-11-16 18:15:46.6805900,374,44',
      '2023-11-16 18:15:50.9951690,396,-5',
    ].join('\n');
    await uploadFile(page, 'trace.file', 'negative.csv', negativeCsv, 'text/csv');
    await expect(error).toContainText('Could not load negative.csv');
    await expect(page.getByTestId('trace.error.line')).toContainText('Line 3.');
    await expect(page.getByTestId('trace.error.message')).toContainText('invalid GeneratedTokens (negative)');
    await expect(page.getByTestId('trace.error.expected')).toContainText('Expected a non-negative integer number of tokens.');
    await expect(page.getByTestId('trace.error.value')).toHaveText('-5');

    await expect(page.getByTestId('trace.name')).toHaveText(AZURE_SAMPLE);
    for (const policy of POLICIES) {
      await expect(page.getByTestId(`sim.row.${policy}`)).toBeVisible();
    }
    await expect(page.getByTestId('sim.chart.kv.s3').locator('svg path').first()).toBeAttached();
  });
});

test('language switch shows Chinese tabs', async ({ page }) => {
  await openApp(page, { tab: 'simulate' });
  await page.getByTestId('lang.select').selectOption('zh-CN');

  await expect(page.getByTestId('tab.predict')).toHaveText('预测');
  await expect(page.getByTestId('tab.simulate')).toHaveText('模拟');
  await expect(page.getByTestId('tab.cost')).toHaveText('成本模型');
  await expect(page.getByTestId('tab.model')).toHaveText('模型');
  await expect(page.getByTestId('tab.data')).toHaveText('数据与来源');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.reload();
  await expect(page.getByTestId('tab.simulate')).toHaveText('模拟');
});

test('tabs move with arrow keys', async ({ page }) => {
  await openApp(page, { tab: 'predict' });
  await page.getByTestId('tab.predict').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab.simulate')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tab.simulate')).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByTestId('tab.data')).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/#data$/);
});
