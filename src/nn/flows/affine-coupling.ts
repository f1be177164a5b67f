/**
 * The affine coupling layer of RealNVP (Dinh et al. 2017, "Density estimation using Real NVP",
 * ICLR, section 3.3): a mask b splits the coordinates into a part that passes through and a
 * part that is scaled and shifted by functions of the first,
 *
 *   y_b = x_b,   y_{1-b} = x_{1-b} · exp(s(x_b)) + t(x_b),
 *
 * so ∂y/∂x is triangular with diagonal (1, exp(s)), log|det ∂y/∂x| = Σ s, and the inverse
 * x_{1-b} = (y_{1-b} − t(y_b)) · exp(−s(y_b)) costs one network pass like the forward map.
 * s and t come from one conditioner MLP (../mlp.ts) with 2·|1-b| outputs; the log-scale s is
 * soft-clamped (./log-scale.ts).
 *
 * Conditional coupling: the conditioner reads the context concatenated to x_b, so s and t (and
 * hence the map) depend on the context; the Jacobian in x is unchanged in form. With a mask
 * of all zeros the conditioner sees the context alone (a conditional affine map of every
 * coordinate, the only choice when d = 1).
 * @module
 */
import { add, concat, exp, mul, neg, reshape, sub, sum, take } from "../../autodiff/index.js";
import type { Key } from "../../random/index.js";
import { Tensor } from "../../tensor/tensor.js";
import type { Activation } from "../activations.js";
import { type MLPConfig, type MLPParams, initMLP, mlp } from "../mlp.js";
import { contextFor } from "./context.js";
import { type FlowLayer, type ForwardResult, type InverseResult, checkEvent, nonNegativeInteger } from "./layer.js";
import { DEFAULT_LOG_SCALE_BOUND, checkLogScaleBound, softClamp } from "./log-scale.js";
import { checkMask } from "./masks.js";

/** Options of {@link AffineCoupling}. */
export interface AffineCouplingOptions {
  /** 1 = passes through and conditions, 0 = transformed; see ./masks.ts for the usual choices. */
  mask: readonly number[];
  /** Conditioner hidden layer widths. Default [64, 64]. */
  hidden?: readonly number[];
  /** Conditioner activation. Default "tanh". */
  activation?: Activation;
  /** Context size (0, the default: unconditional). */
  contextFeatures?: number;
  /** Bound B of the soft-clamped log-scale, B · tanh(raw / B). Default 3. */
  logScaleBound?: number;
  /**
   * Start as the identity map: the conditioner's last layer starts at zero (Glow's
   * zero-initialised coupling output, Kingma & Dhariwal 2018). Default true; false draws it
   * like the other layers.
   */
  identityInit?: boolean;
}

/** An affine coupling layer whose parameters are those of its conditioner MLP. */
export class AffineCoupling implements FlowLayer<MLPParams> {
  readonly name = "AffineCoupling";
  readonly features: number;
  readonly contextFeatures: number;
  readonly mask: readonly (0 | 1)[];
  readonly logScaleBound: number;
  readonly identityInit: boolean;
  /** The conditioner: [x_b, context] → [shift (|1-b|), raw log-scale (|1-b|)]. */
  readonly conditioner: MLPConfig;
  /** Indices of the coordinates passing through, then of the transformed ones. */
  private readonly kept: number[];
  private readonly changed: number[];
  /** Position of coordinate i in concat([x_kept, x_changed]). */
  private readonly unsplit: number[];

  constructor(options: AffineCouplingOptions) {
    const mask = checkMask("AffineCoupling", options.mask, options.mask.length);
    this.features = mask.length;
    this.mask = mask.slice();
    this.contextFeatures = nonNegativeInteger("AffineCoupling", "contextFeatures", options.contextFeatures ?? 0);
    this.logScaleBound = checkLogScaleBound("AffineCoupling", options.logScaleBound ?? DEFAULT_LOG_SCALE_BOUND);
    this.identityInit = options.identityInit ?? true;
    this.kept = [];
    this.changed = [];
    mask.forEach((m, i) => (m === 1 ? this.kept : this.changed).push(i));
    const order = [...this.kept, ...this.changed];
    this.unsplit = new Array<number>(this.features);
    order.forEach((i, p) => (this.unsplit[i] = p));
    const inFeatures = this.kept.length + this.contextFeatures;
    if (inFeatures === 0)
      throw new Error(
        `AffineCoupling: mask [${mask.join(", ")}] keeps no coordinate and there is no context: the conditioner would have no input`,
      );
    this.conditioner = {
      inFeatures,
      hidden: (options.hidden ?? [64, 64]).slice(),
      outFeatures: 2 * this.changed.length,
      activation: options.activation ?? "tanh",
    };
  }

  init(key: Key): MLPParams {
    const params = initMLP(key, this.conditioner);
    if (!this.identityInit) return params;
    const layers = params.layers.slice();
    const last = layers[layers.length - 1]!;
    layers[layers.length - 1] = { ...last, weight: new Tensor(new Float64Array(last.weight.size), last.weight.shape) };
    return { layers };
  }

  /** Shift t and bounded log-scale s of the transformed part, `[..., |1-b|]` each. */
  private shiftAndLogScale(params: MLPParams, kept: Tensor, context: Tensor | undefined) {
    const batch = kept.shape.slice(0, -1);
    const n = batch.reduce((a, b) => a * b, 1);
    const c = contextFor(this.name, context, this.contextFeatures, batch);
    const parts = c === null ? [kept] : this.kept.length === 0 ? [c] : [kept, c];
    const input = reshape(parts.length === 1 ? parts[0]! : concat(parts, -1), [n, this.conditioner.inFeatures]);
    const out = reshape(mlp(params, input, this.conditioner), [...batch, this.conditioner.outFeatures]);
    const k = this.changed.length;
    const shift = take(out, range(0, k), -1);
    const logScale = softClamp(take(out, range(k, 2 * k), -1), this.logScaleBound);
    return { shift, logScale };
  }

  forward(params: MLPParams, x: Tensor, context?: Tensor): ForwardResult {
    checkEvent(this.name, "x", x, this.features);
    const kept = take(x, this.kept, -1);
    const { shift, logScale } = this.shiftAndLogScale(params, kept, context);
    const changed = add(mul(take(x, this.changed, -1), exp(logScale)), shift);
    return { y: take(concat([kept, changed], -1), this.unsplit, -1), logDet: sum(logScale, -1) };
  }

  inverse(params: MLPParams, y: Tensor, context?: Tensor): InverseResult {
    checkEvent(this.name, "y", y, this.features);
    const kept = take(y, this.kept, -1);
    const { shift, logScale } = this.shiftAndLogScale(params, kept, context);
    const changed = mul(sub(take(y, this.changed, -1), shift), exp(neg(logScale)));
    return { x: take(concat([kept, changed], -1), this.unsplit, -1), logDet: neg(sum(logScale, -1)) };
  }
}

function range(start: number, stop: number): number[] {
  return Array.from({ length: stop - start }, (_, i) => start + i);
}
