import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cellNumber, openApp, runComparison, selectSampleTrace, setRequestLimit, SIMULATION_TIMEOUT_MS } from './helpers.ts';

const AZURE_SAMPLE = 'azure-conv-2023.csv';

// Nothing here needs WebGPU, so these run once, in the project without it.
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'runs once, in the no-webgpu project');
});

test.describe('Simulate view, scheduling options', () => {
  test('paged policy with Poisson arrivals and an SLO fills the latency columns', async ({ page }) => {
    await openApp(page, { tab: 'simulate' });
    await selectSampleTrace(page, AZURE_SAMPLE);
    await setRequestLimit(page, 200);
    await page.getByTestId('sim.policy.paged').check();
    await page.getByTestId('sim.s3.overflow').selectOption('extend-or-preempt');
    await page.getByTestId('sim.arrivals').selectOption('poisson');
    await page.getByTestId('sim.arrivalRate').fill('4');
    await page.getByTestId('sim.slo.ms').fill('30000');
    await runComparison(page);

    for (const policy of ['max-length', 's3', 'oracle', 'paged']) {
      expect(await cellNumber(page, `sim.row.${policy}`, 0), `${policy} throughput`).toBeGreaterThan(0);
      // The policy is a row header; the cells are mean, TTFT, TPOT, end-to-end and SLO attainment.
      const latencyRow = page.getByTestId(`sim.latencyRow.${policy}`);
      const ttft = await latencyRow.locator('td').nth(1).innerText();
      expect(ttft, `${policy} TTFT percentiles`).toMatch(/^\d+(\.\d+)? \/ \d+(\.\d+)? \/ \d+(\.\d+)?$/);
      await expect(latencyRow.locator('td').nth(4)).toHaveText(/%$/);
    }
    await expect(page.getByTestId('sim.results.meta')).toContainText('Poisson at 4 requests/s');
    await expect(page.getByTestId('sim.chart.kv.paged')).toBeVisible();

    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('sim.results.csv').click();
    const header = readFileSync(await (await csvDownload).path(), 'utf8').split('\r\n')[0]!;
    expect(header).toContain('ttft_p99_s');
    expect(header).toContain('slo_attainment');
  });

  test('rate sweep draws latency against rate and exports CSV and PNG', async ({ page }) => {
    await openApp(page, { tab: 'simulate' });
    await selectSampleTrace(page, AZURE_SAMPLE);
    await setRequestLimit(page, 150);
    await page.getByTestId('sim.policy.oracle').uncheck();
    await page.getByTestId('sim.sweep.rates').fill('2, 8');
    await page.getByTestId('sim.sweep.run').click();
    await expect(page.getByTestId('sim.chart.sweep')).toBeVisible({ timeout: SIMULATION_TIMEOUT_MS });
    await expect(page.getByTestId('sim.sweep.progress')).toBeHidden();
    await expect(page.getByTestId('sim.sweep.meta')).toContainText('first 150 requests');
    expect(await page.getByTestId('sim.chart.sweep').locator('svg path').count()).toBeGreaterThan(0);

    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('sim.chart.sweep.csv').click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe('latency-vs-rate.csv');
    const lines = readFileSync(await csv.path(), 'utf8').trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('policy,arrivals,arrival_cv,arrival_seed,rate_per_s,throughput_sequences_per_s')).toBe(true);
    const policyAndRate = lines.slice(1).map((line) => {
      const cells = line.split(',');
      return `${cells[0]},${cells[4]}`;
    });
    expect(policyAndRate).toEqual(['max-length,2', 's3,2', 'max-length,8', 's3,8']);

    await page.getByTestId('sim.sweep.metric').selectOption('throughput');
    const pngDownload = page.waitForEvent('download');
    await page.getByTestId('sim.chart.sweep.png').click();
    expect((await pngDownload).suggestedFilename()).toBe('latency-vs-rate.png');
  });

  test('a sweep can be cancelled', async ({ page }) => {
    await openApp(page, { tab: 'simulate' });
    await selectSampleTrace(page, AZURE_SAMPLE);
    await setRequestLimit(page, 5000);
    await page.getByTestId('sim.sweep.rates').fill('1, 2, 4, 8, 16, 32');
    await page.getByTestId('sim.sweep.run').click();
    await expect(page.getByTestId('sim.sweep.progress')).toBeVisible({ timeout: SIMULATION_TIMEOUT_MS });
    await page.getByTestId('sim.sweep.progress.cancel').click();
    await expect(page.getByTestId('sim.notice')).toContainText('Cancelled', { timeout: SIMULATION_TIMEOUT_MS });
    await expect(page.getByTestId('sim.sweep.progress')).toBeHidden();
    await expect(page.getByTestId('sim.chart.sweep')).toHaveCount(0);
  });
});
