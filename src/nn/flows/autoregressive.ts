/**
 * Masked autoregressive flows (MAF; Papamakarios et al. 2017, "Masked Autoregressive Flow for
 * Density Estimation", NeurIPS) and inverse autoregressive flows (IAF; Kingma et al. 2016,
 * "Improved Variational Inference with Inverse Autoregressive Flow", NeurIPS): one affine
 * autoregressive layer each, y_i = x_i · exp(α_i) + μ_i, whose shift μ_i and log-scale α_i
 * come from a MADE (./made.ts). They differ in which side the MADE reads:
 *
 * - MAF: (μ, α) = MADE(y), the data side. The density direction x = (y − μ(y)) · exp(−α(y))
 *   is one pass; sampling must build y one coordinate at a time, d passes.
 * - IAF: (μ, α) = MADE(x), the noise side. Sampling y = x · exp(α(x)) + μ(x) is one pass; the
 *   density direction needs d passes.
 *
 * Either way ∂y/∂x is triangular in the MADE's order with diagonal exp(α), so
 * log|det ∂y/∂x| = Σ_i α_i. The d-pass direction is the fixed-point iteration Papamakarios et
 * al. describe (section 3.1): after pass k the first k coordinates (in degree order) are
 * exact, because output k depends only on coordinates before it, so d passes give every
 * coordinate, computed by the same arithmetic as the one-pass direction (round trips are exact
 * to rounding).
 * @module
 */
import { add, exp, mul, neg, sub, sum, take } from "../../autodiff/index.js";
import type { Key } from "../../random/index.js";
import { type Tensor, zeros } from "../../tensor/tensor.js";
import { type FlowLayer, type ForwardResult, type InverseResult, checkEvent } from "./layer.js";
import { DEFAULT_LOG_SCALE_BOUND, checkLogScaleBound, softClamp } from "./log-scale.js";
import type { Activation } from "../activations.js";
import { MADE, type MADEParams } from "./made.js";

/** Options of {@link MaskedAutoregressiveFlow} and {@link InverseAutoregressiveFlow}. */
export interface AutoregressiveOptions {
  /** Event size d. */
  features: number;
  /** MADE hidden layer widths. Default [64, 64]. */
  hidden?: readonly number[];
  /** Context size (0, the default: unconditional). */
  contextFeatures?: number;
  /** MADE hidden activation. Default "tanh". */
  activation?: Activation;
  /** Bound B of the soft-clamped log-scale, B · tanh(raw / B) (./log-scale.ts). Default 3. */
  logScaleBound?: number;
  /**
   * Start as the identity map: the MADE's last layer starts at zero (as Glow zero-initialises
   * the last layer of its coupling networks), so training starts from the base distribution.
   * Default true; false draws the last layer like the others (useful for tests).
   */
  identityInit?: boolean;
  /** The autoregressive order as MADE input degrees (a permutation of 1 … d). Default 1 … d. */
  inputDegrees?: readonly number[];
}

/** Shared machinery of MAF and IAF: the MADE and the affine map it parameterises. */
abstract class AffineAutoregressive implements FlowLayer<MADEParams> {
  abstract readonly name: string;
  readonly features: number;
  readonly contextFeatures: number;
  readonly made: MADE;
  readonly logScaleBound: number;
  readonly identityInit: boolean;

  constructor(who: string, options: AutoregressiveOptions) {
    this.made = new MADE({
      features: options.features,
      hidden: options.hidden ?? [64, 64],
      outputsPerFeature: 2,
      contextFeatures: options.contextFeatures ?? 0,
      activation: options.activation ?? "tanh",
      ...(options.inputDegrees === undefined ? {} : { inputDegrees: options.inputDegrees }),
    });
    this.features = this.made.features;
    this.contextFeatures = this.made.contextFeatures;
    this.logScaleBound = checkLogScaleBound(who, options.logScaleBound ?? DEFAULT_LOG_SCALE_BOUND);
    this.identityInit = options.identityInit ?? true;
  }

  init(key: Key): MADEParams {
    return this.made.init(key, this.identityInit ? 0 : 1);
  }

  /** Shift μ and bounded log-scale α, each `[..., d]`, read off the MADE at `input`. */
  protected shiftAndLogScale(params: MADEParams, input: Tensor, context?: Tensor): { shift: Tensor; logScale: Tensor } {
    const out = this.made.apply(params, input, context);
    return { shift: take(out, 0, -2), logScale: softClamp(take(out, 1, -2), this.logScaleBound) };
  }

  /** One pass of y = x · exp(α) + μ with (μ, α) read at `at`. */
  protected affineForward(params: MADEParams, x: Tensor, at: Tensor, context?: Tensor): ForwardResult {
    const { shift, logScale } = this.shiftAndLogScale(params, at, context);
    return { y: add(mul(x, exp(logScale)), shift), logDet: sum(logScale, -1) };
  }

  /** One pass of x = (y − μ) · exp(−α) with (μ, α) read at `at`. */
  protected affineInverse(params: MADEParams, y: Tensor, at: Tensor, context?: Tensor): InverseResult {
    const { shift, logScale } = this.shiftAndLogScale(params, at, context);
    return { x: mul(sub(y, shift), exp(neg(logScale))), logDet: neg(sum(logScale, -1)) };
  }

  abstract forward(params: MADEParams, x: Tensor, context?: Tensor): ForwardResult;
  abstract inverse(params: MADEParams, y: Tensor, context?: Tensor): InverseResult;
}

/**
 * A MAF layer (Papamakarios et al. 2017): density evaluation (`inverse`) in one MADE pass,
 * sampling (`forward`) in d passes. The layer for density estimation.
 */
export class MaskedAutoregressiveFlow extends AffineAutoregressive {
  readonly name = "MaskedAutoregressiveFlow";

  constructor(options: AutoregressiveOptions) {
    super("MaskedAutoregressiveFlow", options);
  }

  /** d passes: y_k = x_k · exp(α_k(y_<k)) + μ_k(y_<k). */
  forward(params: MADEParams, x: Tensor, context?: Tensor): ForwardResult {
    checkEvent(this.name, "x", x, this.features);
    let result: ForwardResult = { y: zeros(x.shape), logDet: zeros(x.shape.slice(0, -1)) };
    for (let pass = 0; pass < this.features; pass++) result = this.affineForward(params, x, result.y, context);
    return result;
  }

  /** One pass: x = (y − μ(y)) · exp(−α(y)). */
  inverse(params: MADEParams, y: Tensor, context?: Tensor): InverseResult {
    checkEvent(this.name, "y", y, this.features);
    return this.affineInverse(params, y, y, context);
  }
}

/**
 * An IAF layer (Kingma et al. 2016): sampling (`forward`) in one MADE pass, density evaluation
 * (`inverse`) in d passes. The layer for variational posteriors, whose own draws need scoring
 * only at the noise that produced them.
 */
export class InverseAutoregressiveFlow extends AffineAutoregressive {
  readonly name = "InverseAutoregressiveFlow";

  constructor(options: AutoregressiveOptions) {
    super("InverseAutoregressiveFlow", options);
  }

  /** One pass: y = x · exp(α(x)) + μ(x). */
  forward(params: MADEParams, x: Tensor, context?: Tensor): ForwardResult {
    checkEvent(this.name, "x", x, this.features);
    return this.affineForward(params, x, x, context);
  }

  /** d passes: x_k = (y_k − μ_k(x_<k)) · exp(−α_k(x_<k)). */
  inverse(params: MADEParams, y: Tensor, context?: Tensor): InverseResult {
    checkEvent(this.name, "y", y, this.features);
    let result: InverseResult = { x: zeros(y.shape), logDet: zeros(y.shape.slice(0, -1)) };
    for (let pass = 0; pass < this.features; pass++) result = this.affineInverse(params, y, result.x, context);
    return result;
  }
}
