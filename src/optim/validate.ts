/**
 * Checks for optimiser and schedule hyper-parameters. Each returns the value it checked, or
 * throws an Error naming the owner, the option, what was expected and what was given
 * (`Adam: learningRate must be > 0, got -0.1`).
 * @module
 */

/** A value as it should appear in an error message. */
function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** A finite number, or an error saying what `key` must be. */
function finite(owner: string, key: string, value: unknown, expected: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(
      `${owner}: ${key} must be a finite number${expected === "" ? "" : ` ${expected}`}, got ${show(value)}`,
    );
  return value;
}

/** The options argument must be a plain object naming only known options (catches `lr` for `learningRate`). */
export function checkOptions(owner: string, options: unknown, known: readonly string[]): void {
  if (options === null || typeof options !== "object" || Array.isArray(options))
    throw new Error(`${owner}: options must be an object with ${known.join(", ")}; got ${show(options)}`);
  for (const key of Object.keys(options))
    if (!known.includes(key)) throw new Error(`${owner}: unknown option "${key}", expected one of ${known.join(", ")}`);
}

/** Any finite number. */
export function finiteNumber(owner: string, key: string, value: unknown): number {
  return finite(owner, key, value, "");
}

/** A finite number > 0. */
export function positive(owner: string, key: string, value: unknown): number {
  const x = finite(owner, key, value, "> 0");
  if (!(x > 0)) throw new Error(`${owner}: ${key} must be > 0, got ${x}`);
  return x;
}

/** A finite number >= 0. */
export function nonNegative(owner: string, key: string, value: unknown): number {
  const x = finite(owner, key, value, ">= 0");
  if (!(x >= 0)) throw new Error(`${owner}: ${key} must be >= 0, got ${x}`);
  return x;
}

/** A number in [0, 1): decay rates of moving averages, where 1 would never forget. */
export function decayRate(owner: string, key: string, value: unknown): number {
  const x = finite(owner, key, value, "in [0, 1)");
  if (!(x >= 0 && x < 1)) throw new Error(`${owner}: ${key} must be in [0, 1), got ${x}`);
  return x;
}

/** An integer >= 0 (step counts, warm-up lengths). */
export function nonNegativeInteger(owner: string, key: string, value: unknown): number {
  const x = finite(owner, key, value, ">= 0");
  if (!Number.isInteger(x) || x < 0) throw new Error(`${owner}: ${key} must be an integer >= 0, got ${x}`);
  return x;
}

/** An integer > 0 (decay periods). */
export function positiveInteger(owner: string, key: string, value: unknown): number {
  const x = finite(owner, key, value, "> 0");
  if (!Number.isInteger(x) || x <= 0) throw new Error(`${owner}: ${key} must be an integer > 0, got ${x}`);
  return x;
}

/** A boolean (not a truthy stand-in such as 1 or "yes"). */
export function boolean(owner: string, key: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new Error(`${owner}: ${key} must be true or false, got ${show(value)}`);
  return value;
}
