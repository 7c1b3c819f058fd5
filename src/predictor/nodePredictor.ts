/**
 * The shipped predictor in Node (onnxruntime-node and the same tokenizer files as
 * the browser), for tests, benchmarks and the headless simulator. Never imported
 * by the app bundle.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import type { ModelCard } from './modelCard.ts';
import { argmax, chooseVariant } from './inference.ts';

export interface NodePrediction {
  readonly bucket: number;
  readonly logits: readonly number[];
}

export interface NodePredictor {
  readonly card: ModelCard;
  readonly variant: string;
  predict(prompts: readonly string[]): Promise<NodePrediction[]>;
  release(): Promise<void>;
}

/** Loads `modelDir` (a folder such as public/models/<id>) with the variant preferred for WASM unless named. */
export async function loadNodePredictor(modelDir: string, variantName?: string): Promise<NodePredictor> {
  const card = JSON.parse(readFileSync(join(modelDir, 'model-card.json'), 'utf8')) as ModelCard;
  const variant = chooseVariant(card, 'wasm', variantName);
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(modelDir.replace(/\/$/, ''))}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(card.id, { local_files_only: true });
  const session = await ort.InferenceSession.create(join(modelDir, variant.file));

  return {
    card,
    variant: variant.name,
    async predict(prompts) {
      const predictions: NodePrediction[] = [];
      for (const prompt of prompts) {
        const { input_ids: ids } = tokenizer(prompt, {
          truncation: true,
          max_length: card.max_prompt_tokens,
          return_tensor: false,
        }) as { input_ids: number[] };
        const dims = [1, ids.length];
        const outputs = await session.run({
          input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), dims),
          attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
        });
        const logits = Array.from(outputs['logits']!.data as Float32Array);
        predictions.push({ bucket: argmax(logits), logits });
      }
      return predictions;
    },
    release: () => session.release(),
  };
}
