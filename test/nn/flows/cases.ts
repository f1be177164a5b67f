/** Flow layers under test, with non-trivial (random, not identity) parameters, and a reference log|det|. */
import {
  AffineCoupling,
  Flow,
  InverseAutoregressiveFlow,
  MaskedAutoregressiveFlow,
  type FlowLayer,
  checkerboardMask,
  halfMask,
  iaf,
  maf,
  randomPermutation,
  realNVP,
  standardization,
  reversePermutation,
} from "../../../src/nn/flows/index.js";
import { type Key, type Tensor, type Tree, key, random, split } from "../../../src/index.js";

export interface LayerCase {
  name: string;
  layer: FlowLayer;
  params: Tree;
  /** A context for one event (or undefined). */
  context: Tensor | undefined;
}

function makeCase(name: string, layer: FlowLayer, k: Key): LayerCase {
  const [pk, ck] = split(k, 2);
  const context = layer.contextFeatures > 0 ? random.normal(ck!, [layer.contextFeatures]) : undefined;
  return { name, layer, params: layer.init(pk!), context };
}

/** Every kind of layer, with random parameters (identityInit off). */
export function layerCases(): LayerCase[] {
  const k = split(key(2024), 17);
  const r = { identityInit: false, hidden: [8, 8] } as const;
  return [
    makeCase("coupling, halves, d=3", new AffineCoupling({ mask: halfMask(3), ...r }), k[0]!),
    makeCase("coupling, checkerboard, d=4", new AffineCoupling({ mask: checkerboardMask(4, true), ...r }), k[1]!),
    makeCase("coupling, relu, d=2", new AffineCoupling({ mask: halfMask(2, true), ...r, activation: "relu" }), k[2]!),
    makeCase("MAF, d=3", new MaskedAutoregressiveFlow({ features: 3, ...r }), k[3]!),
    makeCase(
      "MAF, d=4, permuted degrees",
      new MaskedAutoregressiveFlow({ features: 4, ...r, inputDegrees: [3, 1, 4, 2] }),
      k[4]!,
    ),
    makeCase("IAF, d=3", new InverseAutoregressiveFlow({ features: 3, ...r }), k[5]!),
    makeCase(
      "conditional coupling, d=3, c=2",
      new AffineCoupling({ mask: halfMask(3), contextFeatures: 2, ...r }),
      k[6]!,
    ),
    makeCase("conditional coupling, d=1, c=2", new AffineCoupling({ mask: [0], contextFeatures: 2, ...r }), k[7]!),
    makeCase(
      "conditional MAF, d=3, c=2",
      new MaskedAutoregressiveFlow({ features: 3, contextFeatures: 2, ...r }),
      k[8]!,
    ),
    makeCase(
      "conditional IAF, d=2, c=1",
      new InverseAutoregressiveFlow({ features: 2, contextFeatures: 1, ...r }),
      k[9]!,
    ),
    makeCase(
      "conditional MAF, d=1, c=2",
      new MaskedAutoregressiveFlow({ features: 1, contextFeatures: 2, ...r }),
      k[10]!,
    ),
    makeCase("random permutation, d=5", randomPermutation(k[11]!, 5), k[11]!),
    makeCase("standardisation, d=3", standardization(random.normal(k[16]!, [10, 3])), k[16]!),
    makeCase("realNVP, 4 layers, d=2", realNVP({ features: 2, layers: 4, ...r }), k[12]!),
    makeCase("maf, 3 layers, d=3, c=2", maf({ features: 3, layers: 3, contextFeatures: 2, ...r }), k[13]!),
    makeCase("iaf, 2 layers, d=2", iaf({ features: 2, layers: 2, ...r }), k[14]!),
    makeCase(
      "mixed flow, d=3",
      new Flow([
        new AffineCoupling({ mask: halfMask(3), ...r }),
        reversePermutation(3),
        new MaskedAutoregressiveFlow({ features: 3, ...r }),
        randomPermutation(k[15]!, 3),
        new InverseAutoregressiveFlow({ features: 3, ...r }),
      ]),
      k[15]!,
    ),
  ];
}

/** log|det A| of a square matrix (row-major, n×n) by Gaussian elimination with partial pivoting. */
export function logAbsDet(a: ArrayLike<number>, n: number): number {
  const m = Array.from(a);
  let logDet = 0;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    if (pivot !== col)
      for (let c = 0; c < n; c++) [m[col * n + c], m[pivot * n + c]] = [m[pivot * n + c]!, m[col * n + c]!];
    const p = m[col * n + col]!;
    logDet += Math.log(Math.abs(p));
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col]! / p;
      for (let c = col; c < n; c++) m[r * n + c] = m[r * n + c]! - f * m[col * n + c]!;
    }
  }
  return logDet;
}
