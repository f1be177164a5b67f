/**
 * Train an MLP and fit a normalising flow: the MLP learns sin(2x); a MAF learns the density of
 * a banana-shaped distribution, checked against the true held-out log-likelihood.
 * `node dist/examples/networks-and-flows.js`
 */
import { mean, square, sub } from "../src/autodiff/index.js";
import { FlowDistribution, Flow, fitFlow, maf, standardization } from "../src/nn/flows/index.js";
import { MLP, fit } from "../src/nn/index.js";
import { adam } from "../src/optim/index.js";
import { key, normal, uniform } from "../src/random/index.js";
import { Tensor } from "../src/tensor/tensor.js";

/** A banana: x1 ~ N(0, 1), x2 ~ N(x1² − 1, 0.5²). */
function banana(k: ReturnType<typeof key>, n: number): Tensor {
  const z = normal(k, [n, 2]);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const x1 = z.data[2 * i]!;
    out[2 * i] = x1;
    out[2 * i + 1] = x1 * x1 - 1 + 0.5 * z.data[2 * i + 1]!;
  }
  return new Tensor(out, [n, 2]);
}

/** The banana's exact mean log-density over the rows of `x`. */
function bananaLogDensity(x: Tensor): number {
  let total = 0;
  const n = x.shape[0]!;
  for (let i = 0; i < n; i++) {
    const x1 = x.data[2 * i]!;
    const r = (x.data[2 * i + 1]! - (x1 * x1 - 1)) / 0.5;
    total += -Math.log(2 * Math.PI) - Math.log(0.5) - 0.5 * (x1 * x1 + r * r);
  }
  return total / n;
}

export function main(options: { epochs?: number; log?: (s: string) => void } = {}) {
  const { epochs = 40, log = console.log } = options;
  // 1. an MLP regression
  const net = MLP({ inFeatures: 1, hidden: [32, 32], outFeatures: 1, activation: "tanh" });
  const x = uniform(key(0), [256, 1], -2, 2);
  const y = new Tensor(
    x.data.map((v) => Math.sin(2 * v)),
    [256, 1],
  );
  const xTest = uniform(key(1), [256, 1], -2, 2);
  const yTest = new Tensor(
    xTest.data.map((v) => Math.sin(2 * v)),
    [256, 1],
  );
  const loss = (p: ReturnType<typeof net.init>, batch: { inputs: Tensor; targets: Tensor }) =>
    mean(square(sub(net.apply(p, batch.inputs), batch.targets)));
  const trained = fit({
    loss,
    params: net.init(key(2)),
    data: { inputs: x, targets: y },
    validation: { inputs: xTest, targets: yTest },
    batchSize: 32,
    epochs: 4 * epochs,
    optimizer: adam({ learningRate: 0.01 }),
    key: key(3),
  });
  const mse = trained.history[trained.bestEpoch]!.validationLoss!;
  log(`MLP 1→32→32→1 (tanh) learning sin(2x): held-out MSE ${mse.toExponential(2)} at epoch ${trained.bestEpoch}`);

  // 2. a flow density
  const data = banana(key(4), 2000);
  const heldOut = banana(key(5), 1000);
  const flow = new Flow([...maf({ features: 2, layers: 4, hidden: [32, 32] }).layers, standardization(data)]);
  const fitted = fitFlow(flow, {
    data,
    key: key(6),
    epochs,
    batchSize: 128,
    optimizer: adam({ learningRate: 1e-2 }),
    validation: { data: heldOut },
  });
  const q = FlowDistribution(flow, fitted.params);
  const flowLogLik = q.logProb(heldOut).data.reduce((a, b) => a + b, 0) / heldOut.shape[0]!;
  const trueLogLik = bananaLogDensity(heldOut);
  log(
    `MAF (4 layers) on a banana: held-out log-likelihood ${flowLogLik.toFixed(3)} (true density: ${trueLogLik.toFixed(3)})`,
  );
  return { mse, flowLogLik, trueLogLik };
}

if (import.meta.url === `file://${process.argv[1]}`) main();
