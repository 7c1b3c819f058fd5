/**
 * Errors the simulator throws on purpose. Each carries a literal `code` so that
 * callers (the Web Worker, the CLI) can tell them apart without parsing messages.
 */
export type SimulationErrorCode = 'invalid-request' | 'request-too-large' | 'invalid-config' | 'internal';

export class SimulationError extends Error {
  override readonly name = 'SimulationError';

  constructor(
    readonly code: SimulationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown by `simulate` when its `isCancelled` hook returns true. */
export class SimulationCancelled extends Error {
  override readonly name = 'SimulationCancelled';
  readonly code = 'cancelled';

  constructor() {
    super('simulation cancelled');
  }
}
