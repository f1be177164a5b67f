/**
 * This library's training steps: `valueAndGrad` of the loss over the parameter tree and
 * `adam(...).update`, with the network from src/nn (`mlp`) and the flow from src/nn/flows
 * (`realNVP`, `FlowDistribution`), as `fit` and `fitFlow` run them.
 * @module
 */
import {
  type FlowParams,
  type MLPConfig,
  type MLPParams,
  type Tensor,
  FlowDistribution,
  adam,
  mean,
  mlp,
  neg,
  realNVP,
  square,
  sub,
  tensor,
  valueAndGrad,
} from "../../src/index.js";
import {
  type DenseInit,
  type Trainer,
  adamHyper,
  flowInit,
  flowTraining,
  learningRate,
  mlpBatches,
  mlpInit,
  mlpTraining,
  moonsBatches,
} from "./common.js";

const library = "policy-posterior";

function mlpParams(layers: DenseInit[]): MLPParams {
  return {
    layers: layers.map((l) => ({
      weight: tensor(l.weight, [l.inFeatures, l.outFeatures]),
      bias: tensor(l.bias, [l.outFeatures]),
    })),
  };
}

function optimizer() {
  return adam({ learningRate, ...adamHyper });
}

export function mlpTrainer(): Trainer {
  const { widths, batch } = mlpTraining;
  const config: MLPConfig = {
    inFeatures: widths[0]!,
    hidden: widths.slice(1, -1),
    outFeatures: widths[widths.length - 1]!,
    activation: "swish",
  };
  const data = mlpBatches();
  const X = data.X.map((x) => tensor(x, [batch, widths[0]!]));
  const y = data.y.map((v) => tensor(v, [batch, 1]));
  let params = mlpParams(mlpInit());
  const opt = optimizer();
  let state = opt.init(params);
  let i = 0;
  let xb: Tensor = X[0]!;
  let yb: Tensor = y[0]!;
  const vg = valueAndGrad((p: MLPParams) => mean(square(sub(mlp(p, xb, config), yb))));
  return {
    library,
    dtype: "float64",
    step: () => {
      xb = X[i % X.length]!;
      yb = y[i % y.length]!;
      i++;
      const [loss, grads] = vg(params);
      ({ params, state } = opt.update(grads, state, params));
      return loss.data[0]!;
    },
  };
}

export function flowTrainer(): Trainer {
  const { features, layers, hidden, logScaleBound, batch } = flowTraining;
  const flow = realNVP({ features, layers, hidden, activation: "tanh", logScaleBound, identityInit: false });
  const batches = moonsBatches().map((b) => tensor(b, [batch, features]));
  let params: FlowParams = flowInit().map(mlpParams);
  const opt = optimizer();
  let state = opt.init(params);
  let i = 0;
  let xb: Tensor = batches[0]!;
  const vg = valueAndGrad((p: FlowParams) => neg(mean(FlowDistribution(flow, p).logProb(xb))));
  return {
    library,
    dtype: "float64",
    step: () => {
      xb = batches[i % batches.length]!;
      i++;
      const [loss, grads] = vg(params);
      ({ params, state } = opt.update(grads, state, params));
      return loss.data[0]!;
    },
  };
}
