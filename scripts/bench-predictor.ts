/**
 * Times the shipped length predictor per prompt on every backend and variant, in
 * the system Chromium, against onnxruntime-node on the same prompts in the same run.
 *
 *   npm run build && npm run bench:predictor -- [--port 4318]
 *
 * It serves `dist/` with `vite preview`, opens the Model view's self-check with
 * `?backend=...&variant=...`, and reads the milliseconds per prompt it reports.
 * WebGPU in headless Chromium here is SwiftShader (software), so its figures say
 * nothing about a real GPU.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../playwright.config.ts';
import type { BackendName, ModelCard } from '../src/predictor/modelCard.ts';
import { loadNodePredictor } from '../src/predictor/nodePredictor.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODEL_DIR = `${ROOT}public/models/minilm-l6-alpaca-s3/`;
const portIndex = process.argv.indexOf('--port');
const PORT = portIndex > 0 ? Number(process.argv[portIndex + 1]) : 4318;
const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'];

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`vite preview did not respond on ${url} within ${timeoutMs} ms; run \`npm run build\` first`);
}

async function browserMsPerPrompt(backend: BackendName, variant: string): Promise<number> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: backend === 'webgpu' ? [...CHROMIUM_FLAGS, ...WEBGPU_FLAGS] : CHROMIUM_FLAGS,
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/?backend=${backend}&variant=${variant}#model`);
    await page.getByTestId('model.parity.run').click({ timeout: 120_000 });
    const report = page.getByTestId('model.parity.report');
    await report.waitFor({ timeout: 600_000 });
    return Number(await report.getAttribute('data-ms-per-prompt'));
  } finally {
    await browser.close();
  }
}

async function nodeMsPerPrompt(variant: string, prompts: readonly string[]): Promise<number> {
  const predictor = await loadNodePredictor(MODEL_DIR, variant);
  await predictor.predict(prompts.slice(0, 2));
  const started = performance.now();
  await predictor.predict(prompts);
  const elapsed = performance.now() - started;
  await predictor.release();
  return elapsed / prompts.length;
}

async function main(): Promise<void> {
  const card = JSON.parse(readFileSync(`${MODEL_DIR}model-card.json`, 'utf8')) as ModelCard;
  const { prompts } = JSON.parse(readFileSync(`${MODEL_DIR}parity.json`, 'utf8')) as { prompts: string[] };
  // Node runs Vite's own entry point, so killing this child stops the server
  // (killing an `npx` wrapper would leave Vite running and holding the port).
  const viteBin = `${ROOT}node_modules/vite/bin/vite.js`;
  const server = spawn(process.execPath, [viteBin, 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`, 30_000);
    console.log(`${prompts.length} parity prompts, one at a time; ratio = browser ms / onnxruntime-node ms of the same file`);
    console.log('backend  variant  ms/prompt  onnxruntime-node ms/prompt  ratio');
    for (const variant of card.variants) {
      const reference = await nodeMsPerPrompt(variant.name, prompts);
      for (const backend of variant.backends) {
        const ms = await browserMsPerPrompt(backend, variant.name);
        console.log(
          `${backend.padEnd(8)} ${variant.name.padEnd(8)} ${ms.toFixed(1).padStart(9)}  ${reference.toFixed(1).padStart(26)}  ${(ms / reference).toFixed(1).padStart(5)}`,
        );
      }
    }
  } finally {
    server.kill();
  }
}

await main();
