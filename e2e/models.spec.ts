/**
 * The model picker: every model of public/models/index.json can be chosen in the
 * header or with `?model=`, the choice stays in the URL, and the Predict view then
 * shows that model's label, median length and allocations. An unknown id falls
 * back to the default model with an error.
 */
import { expect, test, type Page } from '@playwright/test';
import { selectSampleTrace } from './helpers.ts';
import { DEFAULT_MODEL_ID, SHIPPED_MODELS, type ShippedModel } from './models.ts';

/** Loading a model and predicting a few prompts on WASM takes seconds; CI machines are slow. */
const PREDICT_TIMEOUT_MS = 120_000;
const PROMPTS = ['Give three tips for staying healthy.', 'Write a 1500-word essay on the history of the printing press.'];
const TOKENS = /^\d[\d,]*$/;

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'runs once, on WASM, in the no-webgpu project');
});

async function predictAndCheck(page: Page, model: ShippedModel): Promise<void> {
  await expect(page.getByTestId('backend.badge')).toHaveAttribute('data-backend', 'wasm', { timeout: PREDICT_TIMEOUT_MS });
  await page.getByTestId('predict.text').fill(PROMPTS.join('\n'));
  await page.getByTestId('predict.run').click();
  await expect(page.getByTestId('predict.totals')).toBeVisible({ timeout: PREDICT_TIMEOUT_MS });
  await expect(page.getByTestId('predict.modelLabel')).toContainText(model.id);
  await expect(page.getByTestId('predict.modelLabel')).toContainText(model.card.label.source);

  const rows = page.getByTestId('predict.row');
  await expect(rows).toHaveCount(PROMPTS.length, { timeout: PREDICT_TIMEOUT_MS });
  const lastEdge = model.card.buckets.edges.at(-1)!;
  for (let index = 0; index < PROMPTS.length; index += 1) {
    const row = rows.nth(index);
    const median = Number((await row.getByTestId('predict.median').innerText()).replaceAll(',', ''));
    expect(median).toBeGreaterThanOrEqual(0);
    expect(median).toBeLessThanOrEqual(lastEdge);
    await expect(row.getByTestId('predict.iqr')).toHaveText(/^\(\d[\d,]*–\d[\d,]*\)$/);
    await expect(row.getByTestId('predict.allocMostLikely')).toHaveText(TOKENS);
    await expect(row.getByTestId('predict.allocCumulative')).toHaveText(TOKENS);
    const allocations = [row.getByTestId('predict.allocMostLikely'), row.getByTestId('predict.allocCumulative')];
    for (const allocation of allocations) {
      const edge = Number((await allocation.innerText()).replaceAll(',', ''));
      expect(model.card.buckets.edges).toContain(edge);
    }
    for (const scheme of Object.keys(model.card.derived_schemes ?? {})) {
      await expect(row.getByTestId(`predict.derived.${scheme}`)).toHaveText(/^\d+(–\d+|\+) \(\d+%\)$/);
    }
  }
}

for (const model of SHIPPED_MODELS) {
  test(`picker chooses ${model.id} and predicts with it`, async ({ page }) => {
    await page.goto('/?backend=wasm#predict');
    const picker = page.getByTestId('model.picker');
    await expect(picker).toHaveValue(DEFAULT_MODEL_ID);
    await expect(picker.locator('option')).toHaveCount(SHIPPED_MODELS.length);
    await expect(picker.locator(`option[value="${model.id}"]`)).toHaveText(new RegExp(`\\(${model.id}\\)$`));

    await picker.selectOption(model.id);
    await expect(picker).toHaveValue(model.id);
    await expect(page).toHaveURL(new RegExp(`[?&]model=${model.id}(&|#|$)`));
    await expect(page).toHaveURL(/[?&]backend=wasm(&|#|$)/);
    await predictAndCheck(page, model);

    await page.getByTestId('tab.model').click();
    await expect(page.getByTestId('model.view')).toContainText(model.card.title);
  });

  test(`?model=${model.id} selects the model`, async ({ page }) => {
    await page.goto(`/?backend=wasm&model=${model.id}#predict`);
    await expect(page.getByTestId('model.picker')).toHaveValue(model.id);
    await expect(page.getByTestId('model.unknownParam')).toHaveCount(0);
    await predictAndCheck(page, model);
  });
}

test('unknown ?model= falls back to the default with an error', async ({ page }) => {
  await page.goto('/?backend=wasm&model=no-such-model#model');
  const alert = page.getByTestId('model.unknownParam');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('no-such-model');
  await expect(alert).toContainText(DEFAULT_MODEL_ID);
  await expect(page.getByTestId('model.picker')).toHaveValue(DEFAULT_MODEL_ID);
  const defaultCard = SHIPPED_MODELS.find((model) => model.id === DEFAULT_MODEL_ID)!.card;
  await expect(page.getByTestId('model.view')).toContainText(defaultCard.title);

  // Choosing a model replaces the unknown id in the URL and clears the error.
  await page.getByTestId('model.picker').selectOption(DEFAULT_MODEL_ID);
  await expect(alert).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`[?&]model=${DEFAULT_MODEL_ID}(&|#|$)`));
});

for (const model of SHIPPED_MODELS) {
  test(`Simulate says what ${model.id} was trained on`, async ({ page }) => {
    await page.goto(`/?backend=wasm&model=${model.id}#simulate`);
    await selectSampleTrace(page, 'alpaca-test-2000.jsonl');
    const notice = page.getByTestId('sim.prediction.label');
    await expect(notice).toContainText(model.card.label.source, { timeout: PREDICT_TIMEOUT_MS });
    // GPT-J 6B, the default served model, has a 2,048-token context.
    const capped = model.card.buckets.edges.at(-1)! < 2048;
    await expect(notice).toHaveAttribute('data-capped', String(capped));
  });
}
