/**
 * The Model view renders the evaluation report of each shipped model: the model
 * beside the three baselines with numbers, where the numbers come from, the
 * confusion matrices and the charts. A missing or invalid report gives a message.
 */
import { expect, test } from '@playwright/test';
import { DEFAULT_MODEL_ID, SHIPPED_MODELS } from './models.ts';

const PREDICTORS = ['model', 'majority', 'prompt-length', 'tfidf'];
const NUMBER = /^-?\d[\d,]*(\.\d+)?%?$/;

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'runs once, in the no-webgpu project');
});

for (const model of SHIPPED_MODELS.filter((candidate) => candidate.hasReport)) {
  test(`report of ${model.id} shows the model beside the baselines`, async ({ page }) => {
    await page.goto(`/?backend=wasm&model=${model.id}#model`);
    const table = page.getByTestId('report.metrics');
    await expect(table).toBeVisible();
    for (const predictor of PREDICTORS) {
      await expect(table.getByTestId(`report.col.${predictor}`)).toBeVisible();
    }
    await expect(table.getByTestId('report.col.tfidf')).toHaveText('TF-IDF');

    for (const rowId of ['length.mae_tokens', 'length.within_100']) {
      const row = table.getByTestId(`report.row.${rowId}`);
      for (const predictor of PREDICTORS) {
        await expect(row.locator(`td[data-predictor="${predictor}"]`)).toHaveText(NUMBER);
      }
    }
    const exact = table.locator('[data-testid$=".exact_accuracy"]').first();
    for (const predictor of PREDICTORS) {
      await expect(exact.locator(`td[data-predictor="${predictor}"]`)).toHaveText(NUMBER);
    }

    await expect(page.getByTestId('report.provenance')).toContainText(model.card.report ?? 'report.json');
    await expect(page.getByTestId('report.provenance')).toContainText(/test|validation/);
    await expect(page.locator('[data-testid^="report.confusion."]').first()).toBeVisible();
    await expect(page.getByTestId('report.scatter').locator('svg.recharts-surface').first()).toBeVisible();
    await expect(page.getByTestId('report.calibration').locator('svg.recharts-surface').first()).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByTestId('report.metricsFrame.csv').click();
    expect((await download).suggestedFilename()).toMatch(/^report-metrics-all\.csv$/);
  });
}

test('missing report gives a message, not a crash', async ({ page }) => {
  await page.route('**/models/*/report.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(`/?backend=wasm&model=${DEFAULT_MODEL_ID}#model`);
  await expect(page.getByTestId('report.missing')).toBeVisible();
  await expect(page.getByTestId('report.missing')).toContainText('report.json');
  await expect(page.getByTestId('model.metrics')).toBeVisible();
});

test('invalid report names the bad value', async ({ page }) => {
  await page.route('**/models/*/report.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ label: 'output_tokens', split: 'test', rows: -1 }) }),
  );
  await page.goto(`/?backend=wasm&model=${DEFAULT_MODEL_ID}#model`);
  await expect(page.getByTestId('report.error')).toBeVisible();
  await expect(page.getByTestId('report.error')).toContainText('"rows" must be a non-negative integer, got -1');
});
