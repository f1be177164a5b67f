/**
 * What every benchmarked implementation provides: a function computing one value and its
 * gradient, with the results read back into JavaScript arrays (what a sampler or optimiser
 * written in JavaScript needs), so lazy or asynchronous libraries are timed to completion.
 * @module
 */

/** [value, ...gradient leaves], each flattened; the leaf order is fixed per workload. */
export type Outputs = ArrayLike<number>[];

/** One library's implementation of one workload. */
export interface Implementation {
  /** Library (and backend) name, as printed in the table. */
  library: string;
  /** The floating-point type it computes in. */
  dtype: "float64" | "float32";
  /** Compute value and gradient, read back into JavaScript. */
  run: () => Outputs;
  /** Free whatever the implementation holds (device buffers). */
  dispose?: () => void;
}

/** The workloads, in table order. */
export const workloadNames = ["eightSchools", "softmaxPolicy", "mlp"] as const;
export type WorkloadName = (typeof workloadNames)[number];

export const workloadTitles: Record<WorkloadName, string> = {
  eightSchools: "eight schools (non-centred), 10 parameters",
  softmaxPolicy: "softmax policy, N=1000, 8 features, 4 actions",
  mlp: "MLP 6→64→64→64→1 (swish), 500 inputs",
};
