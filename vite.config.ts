import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation (COOP + COEP) makes SharedArrayBuffer available, which
// onnxruntime-web needs to run its WASM backend on several threads.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const ORT_DIST = fileURLToPath(new URL('node_modules/onnxruntime-web/dist/', import.meta.url));
/** URL folder, under the app's base, that serves onnxruntime-web's WASM runtime. */
export const ORT_RUNTIME_FOLDER = 'ort/';
const ORT_RUNTIME_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

/**
 * Serves onnxruntime-web's WASM runtime as separate files. The bundled builds of
 * onnxruntime-web start their WASM threads with `new Worker(import.meta.url)`;
 * once Vite folds them into the predictor worker's chunk, that URL is the chunk
 * itself, and the threads never start. Loading the runtime from its own file
 * gives the threads a module of their own.
 */
function onnxRuntimeFiles(): Plugin {
  return {
    name: 'onnxruntime-web-runtime-files',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const prefix = `${server.config.base}${ORT_RUNTIME_FOLDER}`;
        const name = request.url?.startsWith(prefix) ? request.url.slice(prefix.length).split('?')[0] : undefined;
        if (name === undefined || !ORT_RUNTIME_FILES.includes(name)) {
          next();
          return;
        }
        response.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        for (const [header, value] of Object.entries(crossOriginIsolation)) response.setHeader(header, value);
        response.end(readFileSync(`${ORT_DIST}${name}`));
      });
    },
    generateBundle() {
      for (const name of ORT_RUNTIME_FILES) {
        this.emitFile({ type: 'asset', fileName: `${ORT_RUNTIME_FOLDER}${name}`, source: readFileSync(`${ORT_DIST}${name}`) });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), onnxRuntimeFiles()],
  resolve: {
    alias: [
      // One onnxruntime-web for the app and for @huggingface/transformers (which
      // pins a development build of its own): the build without the runtime
      // inlined, whose runtime files the plugin above serves.
      { find: /^onnxruntime-web\/webgpu$/, replacement: `${ORT_DIST}ort.webgpu.min.mjs` },
    ],
  },
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
