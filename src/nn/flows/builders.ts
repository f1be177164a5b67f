/**
 * The usual flow architectures, assembled from layers: RealNVP (coupling layers with
 * alternating masks), MAF (MADE layers with the order reversed in between, as Papamakarios et
 * al. 2017 do) and IAF (likewise).
 * @module
 */
import type { Activation } from "../activations.js";
import { AffineCoupling } from "./affine-coupling.js";
import { InverseAutoregressiveFlow, MaskedAutoregressiveFlow } from "./autoregressive.js";
import { Flow } from "./flow.js";
import { type FlowLayer, positiveInteger } from "./layer.js";
import { checkerboardMask, halfMask } from "./masks.js";
import { reversePermutation } from "./permutation.js";

/** Options shared by the builders. */
export interface FlowBuilderOptions {
  /** Event size d. */
  features: number;
  /** Number of coupling or autoregressive layers. */
  layers: number;
  /** Hidden widths of each conditioner network. Default [64, 64]. */
  hidden?: readonly number[];
  /** Conditioner activation. Default "tanh". */
  activation?: Activation;
  /** Context size (0, the default: unconditional). */
  contextFeatures?: number;
  /** Log-scale bound of every layer. Default 3. */
  logScaleBound?: number;
  /** Start every layer at the identity (default true). */
  identityInit?: boolean;
}

/** Options of {@link realNVP}. */
export interface RealNVPOptions extends FlowBuilderOptions {
  /** "halves" (default) or "checkerboard" masks, their parity alternating from layer to layer. */
  masks?: "halves" | "checkerboard";
}

function commonOptions(o: FlowBuilderOptions) {
  return {
    ...(o.hidden === undefined ? {} : { hidden: o.hidden }),
    ...(o.activation === undefined ? {} : { activation: o.activation }),
    ...(o.contextFeatures === undefined ? {} : { contextFeatures: o.contextFeatures }),
    ...(o.logScaleBound === undefined ? {} : { logScaleBound: o.logScaleBound }),
    ...(o.identityInit === undefined ? {} : { identityInit: o.identityInit }),
  };
}

/**
 * RealNVP (Dinh et al. 2017): `layers` affine couplings whose masks alternate parity, so each
 * coordinate is transformed by every other layer. With d = 1 (conditional flows only) every
 * layer transforms the single coordinate given the context.
 */
export function realNVP(options: RealNVPOptions): Flow {
  const d = positiveInteger("realNVP", "features", options.features);
  const n = positiveInteger("realNVP", "layers", options.layers);
  const kind = options.masks ?? "halves";
  if (kind !== "halves" && kind !== "checkerboard")
    throw new Error(`realNVP: masks must be "halves" or "checkerboard", got ${JSON.stringify(kind)}`);
  const layers = Array.from({ length: n }, (_, i) => {
    const mask = d === 1 ? [0] : kind === "halves" ? halfMask(d, i % 2 === 1) : checkerboardMask(d, i % 2 === 1);
    return new AffineCoupling({ mask, ...commonOptions(options) });
  });
  return new Flow(layers);
}

function autoregressive(who: string, options: FlowBuilderOptions, make: (o: FlowBuilderOptions) => FlowLayer): Flow {
  const d = positiveInteger(who, "features", options.features);
  const n = positiveInteger(who, "layers", options.layers);
  const layers: FlowLayer[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && d > 1) layers.push(reversePermutation(d));
    layers.push(make(options));
  }
  return new Flow(layers);
}

/** MAF (Papamakarios et al. 2017): `layers` MAF layers with the order reversed between them. */
export function maf(options: FlowBuilderOptions): Flow {
  return autoregressive(
    "maf",
    options,
    (o) => new MaskedAutoregressiveFlow({ features: o.features, ...commonOptions(o) }),
  );
}

/** IAF (Kingma et al. 2016): `layers` IAF layers with the order reversed between them. */
export function iaf(options: FlowBuilderOptions): Flow {
  return autoregressive(
    "iaf",
    options,
    (o) => new InverseAutoregressiveFlow({ features: o.features, ...commonOptions(o) }),
  );
}
