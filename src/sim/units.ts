/**
 * Branded number types for the simulator. A `Bytes` value cannot be passed
 * where `Seconds` is expected, so a KV-cache size can never be added to a time
 * by accident. Arithmetic on two branded values yields a plain `number`, so wrap
 * the result with the constructor of the unit it has.
 */
declare const unitBrand: unique symbol;

/** A number tagged with its unit at the type level only, so it costs nothing at run time. */
export type Unit<Name extends string> = number & { readonly [unitBrand]: Name };

export type Seconds = Unit<'seconds'>;
export type Tokens = Unit<'tokens'>;
export type Bytes = Unit<'bytes'>;
/** A count of floating-point operations. */
export type Flops = Unit<'flops'>;
export type FlopsPerSecond = Unit<'flops/second'>;
export type BytesPerSecond = Unit<'bytes/second'>;

export const seconds = (value: number): Seconds => value as Seconds;
export const tokens = (value: number): Tokens => value as Tokens;
export const bytes = (value: number): Bytes => value as Bytes;
export const flops = (value: number): Flops => value as Flops;
export const flopsPerSecond = (value: number): FlopsPerSecond => value as FlopsPerSecond;
export const bytesPerSecond = (value: number): BytesPerSecond => value as BytesPerSecond;

/** Adds two values of the same unit. Mixing units is a type error. */
export function addSame<U extends Unit<string>>(a: U, b: U): U {
  return (a + b) as U;
}

/** Time to move `amount` bytes at `rate`. */
export function transferTime(amount: Bytes, rate: BytesPerSecond): Seconds {
  return seconds(amount / rate);
}

/** Time to execute `work` floating-point operations at `rate`. */
export function computeTime(work: Flops, rate: FlopsPerSecond): Seconds {
  return seconds(work / rate);
}

/** Bytes taken by `count` tokens of KV cache at `bytesPerToken`. */
export function tokensToBytes(count: Tokens, bytesPerToken: Bytes): Bytes {
  return bytes(count * bytesPerToken);
}
