/**
 * Page helpers shared by the end-to-end specs. They drive the app through its
 * data-testid attributes and labels, never through CSS classes.
 */
import { expect, type Page } from '@playwright/test';
import type { TabId } from '../src/app/shell/tabRoute.ts';

/** Maximum wait for one comparison run of a few hundred requests on a 2-core CI machine. */
export const SIMULATION_TIMEOUT_MS = 150_000;
/** Maximum wait for a sample trace to download and parse. */
export const TRACE_LOAD_TIMEOUT_MS = 30_000;

export interface OpenOptions {
  readonly tab?: TabId;
  /** Restricts the predictor to one backend with `?backend=`; WASM by default, which needs no GPU. */
  readonly backend?: 'wasm' | 'webgpu';
}

export async function openApp(page: Page, { tab = 'predict', backend = 'wasm' }: OpenOptions = {}): Promise<void> {
  await page.goto(`/?backend=${backend}#${tab}`);
  await expect(page.getByTestId(`tab.${tab}`)).toHaveAttribute('aria-selected', 'true');
}

export async function selectSampleTrace(page: Page, fileName: string): Promise<void> {
  await page.getByTestId('trace.sample').selectOption(fileName);
  await expect(page.getByTestId('trace.name')).toHaveText(fileName, { timeout: TRACE_LOAD_TIMEOUT_MS });
}

export async function setRequestLimit(page: Page, count: number): Promise<void> {
  await page.getByTestId('sim.requestLimit').fill(String(count));
}

/** Starts a comparison and waits until its results replace the progress bar. */
export async function runComparison(page: Page): Promise<void> {
  await page.getByTestId('sim.run').click();
  await expect(page.getByTestId('sim.progress')).toBeHidden({ timeout: SIMULATION_TIMEOUT_MS });
  await expect(page.getByTestId('sim.results')).toBeVisible();
}

/** Uploads an in-memory file through a file input, as a user choosing it would. */
export async function uploadFile(page: Page, testId: string, name: string, content: string, mimeType: string): Promise<void> {
  await page.getByTestId(testId).setInputFiles({ name, mimeType, buffer: Buffer.from(content, 'utf8') });
}

/** Returns the number shown in a table cell, read with the English number format. */
export async function cellNumber(page: Page, rowTestId: string, column: number): Promise<number> {
  const text = await page.getByTestId(rowTestId).locator('td').nth(column).innerText();
  return Number(text.replaceAll(',', ''));
}
