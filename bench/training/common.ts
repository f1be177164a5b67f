/**
 * The training benchmark's shared pieces: sizes, seeded data sets, one set of initial
 * parameters that every library starts from, and the interface each implementation provides.
 * @module
 */
import { gaussian, lcg } from "../data.js";

/** One library's training loop for one workload: `step()` runs one Adam step and returns the loss read back into JavaScript (the loss at the parameters before the update). */
export interface Trainer {
  library: string;
  dtype: "float64" | "float32";
  step: () => number;
  dispose?: () => void;
}

/** A dense layer's parameters, row-major weight [in, out] and bias [out]. */
export interface DenseInit {
  inFeatures: number;
  outFeatures: number;
  weight: Float64Array;
  bias: Float64Array;
}

export const learningRate = 1e-3;
export const adamHyper = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** The MLP of the numerical-core benchmark, trained on minibatches of a fixed data set. */
export const mlpTraining = { widths: [6, 64, 64, 64, 1], rows: 4096, batch: 256 };

/** RealNVP: 2-D, 8 affine couplings with alternating "halves" masks, conditioner 1→64→64→2 tanh (the builder's default hidden [64, 64]), log-scale 3·tanh(raw/3). */
export const flowTraining = { features: 2, layers: 8, hidden: [64, 64], logScaleBound: 3, rows: 4096, batch: 512 };

/** Glorot-uniform weights and small random biases (non-zero so the initial loss checks every parameter). */
function denseLayers(widths: number[], seed: number): DenseInit[] {
  const u = lcg(seed);
  const layers: DenseInit[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const fanIn = widths[l]!;
    const fanOut = widths[l + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const weight = new Float64Array(fanIn * fanOut);
    for (let i = 0; i < weight.length; i++) weight[i] = (2 * u() - 1) * limit;
    const bias = new Float64Array(fanOut);
    for (let i = 0; i < fanOut; i++) bias[i] = 0.1 * (2 * u() - 1);
    layers.push({ inFeatures: fanIn, outFeatures: fanOut, weight, bias });
  }
  return layers;
}

/** Inputs and targets of the MLP regression (y a smooth function of x plus noise), split into minibatches. */
export function mlpBatches(): { X: Float64Array[]; y: Float64Array[] } {
  const { widths, rows, batch } = mlpTraining;
  const d = widths[0]!;
  const g = gaussian(601);
  const X: Float64Array[] = [];
  const y: Float64Array[] = [];
  for (let b = 0; b < rows / batch; b++) {
    const xb = new Float64Array(batch * d);
    const yb = new Float64Array(batch);
    for (let i = 0; i < batch; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = g();
        xb[i * d + j] = v;
        s += Math.sin(v * (j + 1)) / (j + 1);
      }
      yb[i] = s + 0.1 * g();
    }
    X.push(xb);
    y.push(yb);
  }
  return { X, y };
}

export function mlpInit(): DenseInit[] {
  return denseLayers(mlpTraining.widths, 701);
}

/** Two moons (as scikit-learn draws them) with Gaussian noise 0.1, minibatches of [batch, 2] row-major. */
export function moonsBatches(): Float64Array[] {
  const { rows, batch } = flowTraining;
  const u = lcg(801);
  const g = gaussian(802);
  const out: Float64Array[] = [];
  for (let b = 0; b < rows / batch; b++) {
    const xb = new Float64Array(batch * 2);
    for (let i = 0; i < batch; i++) {
      const t = Math.PI * u();
      const upper = u() < 0.5;
      xb[2 * i] = (upper ? Math.cos(t) : 1 - Math.cos(t)) + 0.1 * g();
      xb[2 * i + 1] = (upper ? Math.sin(t) : 0.5 - Math.sin(t)) + 0.1 * g();
    }
    out.push(xb);
  }
  return out;
}

/** Column j of a row-major [n, 2] batch, as [n] values. */
export function column(xb: Float64Array, j: number): Float64Array {
  const n = xb.length / 2;
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = xb[2 * i + j]!;
  return c;
}

/** One conditioner MLP per coupling layer, all layers drawn at random (no identity start, so the initial loss depends on every parameter). */
export function flowInit(): DenseInit[][] {
  const { layers, hidden } = flowTraining;
  return Array.from({ length: layers }, (_, i) => denseLayers([1, ...hidden, 2], 900 + i));
}

/** Coupling layer i keeps coordinate 0 and transforms 1 when i is even (mask [1, 0]); the reverse when odd (mask [0, 1]). */
export const keptCoordinate = (layer: number): 0 | 1 => (layer % 2 === 0 ? 0 : 1);

export const LOG_2PI = Math.log(2 * Math.PI);
