/**
 * The perturbation-model interface: how a sensor corrupts what the agent observes. Every model
 * is a pure function of a key, its parameters and the clean observations; models with a density
 * expose it so inference can use them as the observation model.
 * @module
 */
import type { DifferentiablePolicy } from "../envs/policy.js";
import type { Key } from "../random/index.js";
import type { Tensor } from "../tensor/tensor.js";

/** Where each row of a batch sits in its trajectory (needed by time-correlated models such as drift). */
export interface PerturbContext {
  /** Episode index of each row, length N. */
  readonly episode?: Int32Array;
  /** Step index within its episode of each row, length N. */
  readonly step?: Int32Array;
  /** The policy under attack (adversarial models require it). */
  readonly policy?: DifferentiablePolicy;
}

/** A JSON-serialisable parameter record (stored as HDF5 attributes and in provenance records). */
export type PerturbationParams = Readonly<Record<string, number | string | boolean | readonly number[]>>;

export interface Perturbation {
  /** Registered type name, e.g. `"gaussian"`, `"fgsm"`. */
  readonly type: string;
  /** Every parameter that determines the model (not the key). */
  readonly params: PerturbationParams;
  /** Perturb a `[N, D]` batch of clean observations; returns a new `[N, D]` tensor. */
  apply(key: Key, clean: Tensor, context?: PerturbContext): Tensor;
  /**
   * `log p(perturbed | clean)` per row, shape `[N]`, built from autodiff ops so that it is
   * differentiable in `clean` (the latent state during inference). Absent when the model has no
   * density with respect to Lebesgue measure (quantisation, salt-and-pepper, adversarial).
   */
  logProb?(perturbed: Tensor, clean: Tensor, context?: PerturbContext): Tensor;
}
