/** Gradients of flow log-densities and draws with respect to the parameters, against finite differences. */
import { test } from "node:test";
import {
  AffineCoupling,
  FlowDistribution,
  type FlowParams,
  Flow,
  MaskedAutoregressiveFlow,
  halfMask,
  iaf,
  maf,
  realNVP,
  reversePermutation,
} from "../../../src/nn/flows/index.js";
import { type Tree, key, mean, random, split, sum } from "../../../src/index.js";
import { assertGradOk } from "../../helpers/assert.js";

const small = { hidden: [5], identityInit: false } as const;
const tol = { eps: 1e-6, atol: 1e-6, rtol: 1e-5 };

const flows: [string, Flow][] = [
  ["realNVP", realNVP({ features: 2, layers: 3, ...small })],
  ["maf", maf({ features: 3, layers: 2, ...small })],
  ["iaf", iaf({ features: 2, layers: 2, ...small })],
  [
    "conditional coupling + MAF",
    new Flow([
      new AffineCoupling({ mask: halfMask(3), contextFeatures: 2, ...small }),
      reversePermutation(3),
      new MaskedAutoregressiveFlow({ features: 3, contextFeatures: 2, ...small }),
    ]),
  ],
];

for (const [name, flow] of flows) {
  test(`${name}: ∇ of the summed logProb w.r.t. the parameters matches finite differences`, () => {
    const [kp, ky, kc] = split(key(31), 3);
    const params = flow.init(kp!);
    const y = random.normal(ky!, [4, flow.features]);
    const context = flow.contextFeatures > 0 ? random.normal(kc!, [4, flow.contextFeatures]) : undefined;
    assertGradOk(
      (p: FlowParams) => sum(FlowDistribution(flow, p, context === undefined ? {} : { context }).logProb(y)),
      params,
      tol,
    );
  });

  test(`${name}: rsample is pathwise: ∇ of a mean of draws matches finite differences`, () => {
    const [kp, ks, kc] = split(key(32), 3);
    const params = flow.init(kp!);
    const context = flow.contextFeatures > 0 ? random.normal(kc!, [flow.contextFeatures]) : undefined;
    assertGradOk(
      (p: Tree) =>
        mean(FlowDistribution(flow, p as FlowParams, context === undefined ? {} : { context }).rsample(ks!, [3])),
      params,
      tol,
    );
  });
}
