/** Shared numeric assertions for tests. */
import assert from "node:assert/strict";
import { checkGrad, type GradCheckOptions, type Tree, type TensorLike } from "../../src/index.js";

/** |actual - expected| <= atol + rtol * |expected|, elementwise, with a message naming the index. */
export function assertClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  { atol = 1e-12, rtol = 1e-12, what = "value" }: { atol?: number; rtol?: number; what?: string } = {},
): void {
  const a = typeof actual === "number" ? [actual] : Array.from(actual);
  const e = typeof expected === "number" ? [expected] : Array.from(expected);
  assert.equal(a.length, e.length, `${what}: length ${a.length} != expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(y) && Number.isNaN(x)) continue;
    if (x === y) continue;
    const err = Math.abs(x - y);
    assert.ok(
      err <= atol + rtol * Math.abs(y),
      `${what}[${i}]: got ${x}, expected ${y} (|err| = ${err}, atol ${atol}, rtol ${rtol})`,
    );
  }
}

/** Assert the reverse-mode gradient of `f` matches central finite differences. */
export function assertGradOk<T extends Tree>(f: (p: T) => TensorLike, params: T, opts: GradCheckOptions = {}): void {
  const r = checkGrad(f, params, opts);
  assert.ok(r.ok, `gradient mismatch: ${r.worst} (max abs error ${r.maxAbsError})`);
}
