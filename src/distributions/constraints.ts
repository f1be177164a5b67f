/**
 * Constraints: the support of a distribution, or the domain of a parameter. Each constraint
 * can check values, and `bijectTo` (in transforms/) maps it to a bijection from the real
 * numbers, which is how samplers work in unconstrained space.
 * @module
 */
import { Tensor } from "../tensor/tensor.js";

export type ConstraintKind =
  | "real"
  | "realVector"
  | "positive"
  | "nonnegative"
  | "greaterThan"
  | "lessThan"
  | "interval"
  | "unitInterval"
  | "simplex"
  | "orderedVector"
  | "lowerCholesky"
  | "corrCholesky"
  | "positiveDefinite"
  | "boolean"
  | "integerInterval"
  | "nonnegativeInteger"
  | "integer";

export interface Constraint {
  readonly kind: ConstraintKind;
  /** Number of rightmost axes checked jointly (0 for elementwise, 1 for vectors, 2 for matrices). */
  readonly eventDim: number;
  readonly isDiscrete: boolean;
  /** Lower bound, for greaterThan / interval / integerInterval. */
  readonly lower?: number;
  /** Upper bound, for lessThan / interval / integerInterval. */
  readonly upper?: number;
  /** True when every value (or event) of `x` lies in the set. */
  check(x: Tensor): boolean;
  toString(): string;
}

function elementwise(
  kind: ConstraintKind,
  test: (v: number) => boolean,
  label: string,
  extra: { lower?: number; upper?: number; isDiscrete?: boolean } = {},
): Constraint {
  return {
    kind,
    eventDim: 0,
    isDiscrete: extra.isDiscrete ?? false,
    lower: extra.lower,
    upper: extra.upper,
    check(x: Tensor) {
      const d = x.data;
      for (let i = 0; i < d.length; i++) if (!test(d[i]!)) return false;
      return true;
    },
    toString: () => label,
  };
}

function lastAxis(x: Tensor, what: string): number {
  if (x.ndim < 1) throw new Error(`${what}: expected at least 1 dimension, got a scalar`);
  return x.shape[x.ndim - 1]!;
}

// real and positive are checked on every distribution built (Normal's loc and scale, ...),
// often over whole data vectors: they get loops of their own, because the shared loop of
// elementwise() calls its test through a closure V8 cannot inline once it has seen several.
export const real: Constraint = {
  ...elementwise("real", (v) => Number.isFinite(v), "real"),
  check(x: Tensor) {
    const d = x.data;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false;
    return true;
  },
};
export const positive: Constraint = {
  ...elementwise("positive", (v) => v > 0 && v < Infinity, "positive", { lower: 0 }),
  check(x: Tensor) {
    const d = x.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (!(v > 0 && v < Infinity)) return false;
    }
    return true;
  },
};
export const nonnegative = elementwise("nonnegative", (v) => v >= 0 && v < Infinity, "nonnegative", { lower: 0 });
export const unitInterval = elementwise("unitInterval", (v) => v >= 0 && v <= 1, "unitInterval", {
  lower: 0,
  upper: 1,
});
export const boolean = elementwise("boolean", (v) => v === 0 || v === 1, "boolean", {
  lower: 0,
  upper: 1,
  isDiscrete: true,
});
export const integer = elementwise("integer", (v) => Number.isInteger(v), "integer", { isDiscrete: true });
export const nonnegativeInteger = elementwise(
  "nonnegativeInteger",
  (v) => Number.isInteger(v) && v >= 0,
  "nonnegativeInteger",
  { lower: 0, isDiscrete: true },
);

export function greaterThan(lower: number): Constraint {
  return elementwise("greaterThan", (v) => v > lower && v < Infinity, `greaterThan(${lower})`, { lower });
}

export function lessThan(upper: number): Constraint {
  return elementwise("lessThan", (v) => v < upper && v > -Infinity, `lessThan(${upper})`, { upper });
}

/** The closed interval [lower, upper]. */
export function interval(lower: number, upper: number): Constraint {
  if (!(lower < upper)) throw new Error(`interval: lower ${lower} must be below upper ${upper}`);
  return elementwise("interval", (v) => v >= lower && v <= upper, `interval(${lower}, ${upper})`, { lower, upper });
}

/** Integers in [lower, upper]. */
export function integerInterval(lower: number, upper: number): Constraint {
  return elementwise(
    "integerInterval",
    (v) => Number.isInteger(v) && v >= lower && v <= upper,
    `integerInterval(${lower}, ${upper})`,
    { lower, upper, isDiscrete: true },
  );
}

export const realVector: Constraint = {
  kind: "realVector",
  eventDim: 1,
  isDiscrete: false,
  check: (x) => real.check(x),
  toString: () => "realVector",
};

/** Vectors of non-negative entries summing to one (to 1e-6). */
export const simplex: Constraint = {
  kind: "simplex",
  eventDim: 1,
  isDiscrete: false,
  check(x) {
    const k = lastAxis(x, "simplex");
    const d = x.data;
    for (let s = 0; s < d.length; s += k) {
      let total = 0;
      for (let j = 0; j < k; j++) {
        const v = d[s + j]!;
        if (!(v >= 0)) return false;
        total += v;
      }
      if (Math.abs(total - 1) > 1e-6) return false;
    }
    return true;
  },
  toString: () => "simplex",
};

/** Strictly increasing vectors. */
export const orderedVector: Constraint = {
  kind: "orderedVector",
  eventDim: 1,
  isDiscrete: false,
  check(x) {
    const k = lastAxis(x, "orderedVector");
    const d = x.data;
    for (let s = 0; s < d.length; s += k) {
      for (let j = 0; j < k; j++) if (!Number.isFinite(d[s + j]!)) return false;
      for (let j = 1; j < k; j++) if (!(d[s + j]! > d[s + j - 1]!)) return false;
    }
    return true;
  },
  toString: () => "orderedVector",
};

function squareMatrices(x: Tensor, what: string): number {
  if (x.ndim < 2 || x.shape[x.ndim - 1] !== x.shape[x.ndim - 2])
    throw new Error(`${what}: expected square matrices in the last two axes, got shape [${x.shape.join(", ")}]`);
  return x.shape[x.ndim - 1]!;
}

/** Lower-triangular matrices with positive diagonal. */
export const lowerCholesky: Constraint = {
  kind: "lowerCholesky",
  eventDim: 2,
  isDiscrete: false,
  check(x) {
    const n = squareMatrices(x, "lowerCholesky");
    const d = x.data;
    for (let s = 0; s < d.length; s += n * n) {
      for (let i = 0; i < n; i++) {
        if (!(d[s + i * n + i]! > 0)) return false;
        for (let j = i + 1; j < n; j++) if (d[s + i * n + j] !== 0) return false;
      }
    }
    return true;
  },
  toString: () => "lowerCholesky",
};

/** Cholesky factors of correlation matrices: lower-triangular, positive diagonal, unit-norm rows. */
export const corrCholesky: Constraint = {
  kind: "corrCholesky",
  eventDim: 2,
  isDiscrete: false,
  check(x) {
    if (!lowerCholesky.check(x)) return false;
    const n = x.shape[x.ndim - 1]!;
    const d = x.data;
    for (let s = 0; s < d.length; s += n * n) {
      for (let i = 0; i < n; i++) {
        let norm = 0;
        for (let j = 0; j <= i; j++) norm += d[s + i * n + j]! ** 2;
        if (Math.abs(norm - 1) > 1e-6) return false;
      }
    }
    return true;
  },
  toString: () => "corrCholesky",
};

/** Symmetric positive-definite matrices (checked by attempting a Cholesky factorisation). */
export const positiveDefinite: Constraint = {
  kind: "positiveDefinite",
  eventDim: 2,
  isDiscrete: false,
  check(x) {
    const n = squareMatrices(x, "positiveDefinite");
    const d = x.data;
    for (let s = 0; s < d.length; s += n * n) {
      const L = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++)
          if (Math.abs(d[s + i * n + j]! - d[s + j * n + i]!) > 1e-10 * (1 + Math.abs(d[s + i * n + j]!))) return false;
        for (let j = 0; j <= i; j++) {
          let v = d[s + i * n + j]!;
          for (let p = 0; p < j; p++) v -= L[i * n + p]! * L[j * n + p]!;
          if (i === j) {
            if (!(v > 0)) return false;
            L[i * n + i] = Math.sqrt(v);
          } else L[i * n + j] = v / L[j * n + j]!;
        }
      }
    }
    return true;
  },
  toString: () => "positiveDefinite",
};

/**
 * `base` with its `reinterpretedBatchNdims` rightmost batch axes treated as event axes: the
 * same set, checked jointly over `base.eventDim + reinterpretedBatchNdims` axes (the support
 * of an Independent distribution).
 */
export function independent(base: Constraint, reinterpretedBatchNdims: number): Constraint {
  if (!Number.isInteger(reinterpretedBatchNdims) || reinterpretedBatchNdims < 0)
    throw new Error(
      `independent: reinterpretedBatchNdims must be a non-negative integer, got ${reinterpretedBatchNdims}`,
    );
  if (reinterpretedBatchNdims === 0) return base;
  return {
    kind: base.kind,
    eventDim: base.eventDim + reinterpretedBatchNdims,
    isDiscrete: base.isDiscrete,
    lower: base.lower,
    upper: base.upper,
    check: (x) => base.check(x),
    toString: () => `independent(${base.toString()}, ${reinterpretedBatchNdims})`,
  };
}
