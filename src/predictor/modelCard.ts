/**
 * Shape of `public/models/<model-id>/model-card.json`, written by
 * `training/s3len/export.py`. Field names are snake_case because Python writes them.
 */
export type BackendName = 'webgpu' | 'wasm';

export interface ClassificationMetrics {
  /** Share of prompts whose predicted bucket equals the true bucket. */
  readonly exact_accuracy: number;
  /** Share of prompts whose predicted bucket is at most one bucket away from the true one. */
  readonly within_one_accuracy: number;
  /** Unweighted mean of per-bucket F1 over the buckets that occur in the true or predicted labels. */
  readonly macro_f1: number;
  /** Mean |allocated tokens − true output tokens|, with allocation = predicted bucket's upper edge. */
  readonly allocation_mae_tokens: number;
  /** Share of prompts whose allocation is smaller than the true output length (capped at the maximum). */
  readonly under_allocation_rate: number;
}

export interface ModelVariant {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly quantization: string;
  /** Backends on which this file matched native onnxruntime in the parity check. */
  readonly backends: readonly BackendName[];
  /** Test-split metrics of this file, scored with native onnxruntime. */
  readonly test_metrics: ClassificationMetrics;
}

/**
 * What the logits mean. `buckets`: one class per bucket of `buckets.edges`, as S³
 * classifies. `length-distribution`: probabilities over the fine buckets of
 * `buckets.edges` that describe the length of one answer, from which the app derives
 * a point estimate, allocations and the buckets of coarser schemes.
 */
export type ModelOutput =
  | { readonly kind: 'buckets' }
  | {
      readonly kind: 'length-distribution';
      /** The point estimate the app shows; `median` is the only one. */
      readonly point_estimate: 'median';
      /** Answers sampled per training prompt; the distribution still describes one answer. */
      readonly samples_per_prompt?: number;
    };

export type ModelOutputKind = ModelOutput['kind'];

export interface ModelCard {
  readonly id: string;
  readonly title: string;
  readonly task: string;
  readonly base_encoder: { readonly name: string; readonly source: string; readonly parameters: number };
  readonly served_model: string;
  readonly label: { readonly source: string; readonly tokenizer: string };
  readonly prompt_format: string;
  readonly max_prompt_tokens: number;
  readonly buckets: { readonly name: string; readonly edges: readonly number[] };
  readonly data: {
    readonly source: string;
    readonly licence: string;
    readonly records: number;
    readonly split_sizes: Readonly<Record<'train' | 'validation' | 'test', number>>;
    /** Seed of the split permutation; absent when the split is fixed by the data files. */
    readonly split_seed?: number;
    readonly split_rule: string;
  };
  readonly test_metrics: {
    readonly rows: number;
    readonly model: ClassificationMetrics;
    readonly majority_baseline: ClassificationMetrics & { readonly bucket: number };
    /** Rows are true buckets, columns predicted buckets, counts of test prompts (PyTorch checkpoint). */
    readonly confusion_matrix: readonly (readonly number[])[];
  };
  readonly variants: readonly ModelVariant[];
  /** Variant to use on each backend when the user picks none. */
  readonly preferred_variant?: Readonly<Partial<Record<BackendName, string>>>;
  readonly tokenizer_files: readonly string[];
  /** Missing on older cards, which all output buckets: read it with `modelOutput`. */
  readonly output?: ModelOutput;
  /**
   * Coarser schemes derived from the output by summing probabilities, by name. Every
   * inner edge below the last edge of `buckets.edges` is also one of those edges.
   */
  readonly derived_schemes?: Readonly<Record<string, readonly number[]>>;
  /** File name of the evaluation report (written by `python -m s3len.report`) in the model folder. */
  readonly report?: string;
  readonly training: Readonly<Record<string, unknown>>;
  readonly rebuild_command: string;
  readonly created: string;
}

/** Returns the card's output kind, `buckets` for cards written before the field existed. */
export function modelOutput(card: Pick<ModelCard, 'output'>): ModelOutput {
  return card.output ?? { kind: 'buckets' };
}
