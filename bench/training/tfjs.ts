/**
 * The training steps in TensorFlow.js (4.22, WebAssembly backend, float32): parameters as
 * `tf.variable`s and `tf.train.adam(lr, β1, β2, ε).minimize(loss, true, variables)`, which
 * returns the loss; reading it back with `dataSync` times the step to completion.
 * @module
 */
import { loadTf } from "../workloads/tfjs.js";
import {
  type DenseInit,
  type Trainer,
  LOG_2PI,
  adamHyper,
  column,
  flowInit,
  flowTraining,
  keptCoordinate,
  learningRate,
  mlpBatches,
  mlpInit,
  mlpTraining,
  moonsBatches,
} from "./common.js";

export { loadTf };
type Tf = typeof import("@tensorflow/tfjs");
type TfTensor = import("@tensorflow/tfjs").Tensor;
type TfVariable = import("@tensorflow/tfjs").Variable;

const f32 = (a: ArrayLike<number>): Float32Array => Float32Array.from(a);

function denseVariables(tf: Tf, layers: DenseInit[]): TfVariable[] {
  const out: TfVariable[] = [];
  for (const l of layers)
    out.push(
      tf.variable(tf.tensor2d(f32(l.weight), [l.inFeatures, l.outFeatures])),
      tf.variable(tf.tensor1d(f32(l.bias))),
    );
  return out;
}

function trainer(tf: Tf, vars: TfVariable[], batches: TfTensor[][], loss: (data: TfTensor[]) => TfTensor): Trainer {
  const opt = tf.train.adam(learningRate, adamHyper.beta1, adamHyper.beta2, adamHyper.eps);
  let t = 0;
  return {
    library: `TensorFlow.js (${tf.getBackend()})`,
    dtype: "float32",
    step: () => {
      const data = batches[t % batches.length]!;
      t++;
      const value = opt.minimize(() => loss(data) as import("@tensorflow/tfjs").Scalar, true, vars)!;
      const out = value.dataSync()[0]!;
      value.dispose();
      return out;
    },
    dispose: () => {
      opt.dispose();
      tf.dispose([...vars, ...batches.flat()]);
    },
  };
}

export function mlpTrainerTf(tf: Tf): Trainer {
  const { widths, batch } = mlpTraining;
  const data = mlpBatches();
  const batches = data.X.map((x, i) => [
    tf.tensor2d(f32(x), [batch, widths[0]!]),
    tf.tensor2d(f32(data.y[i]!), [batch, 1]),
  ]);
  const vars = denseVariables(tf, mlpInit());
  const L = widths.length - 1;
  const loss = ([X, y]: TfTensor[]): TfTensor => {
    let h = X!;
    for (let l = 0; l < L; l++) {
      const z = tf.matMul(h, vars[2 * l]!).add(vars[2 * l + 1]!);
      h = l + 1 < L ? z.mul(tf.sigmoid(z)) : z;
    }
    return tf.square(h.sub(y!)).mean();
  };
  return trainer(tf, vars, batches, loss);
}

export function flowTrainerTf(tf: Tf): Trainer {
  const { layers, hidden, logScaleBound: B, batch } = flowTraining;
  const batches = moonsBatches().map((xb) => [
    tf.tensor2d(f32(column(xb, 0)), [batch, 1]),
    tf.tensor2d(f32(column(xb, 1)), [batch, 1]),
  ]);
  const vars = flowInit().flatMap((layer) => denseVariables(tf, layer));
  const perLayer = 2 * (hidden.length + 1);
  // −mean log p(x): the inverse pass, last coupling first, on the two columns of the batch
  const loss = ([a, b]: TfTensor[]): TfTensor => {
    const cols = [a!, b!];
    let logDet: TfTensor | null = null;
    for (let i = layers - 1; i >= 0; i--) {
      const k = keptCoordinate(i);
      const q = vars.slice(i * perLayer, (i + 1) * perLayer);
      let h = cols[k]!;
      for (let l = 0; l <= hidden.length; l++) {
        const z = tf.matMul(h, q[2 * l]!).add(q[2 * l + 1]!);
        h = l < hidden.length ? tf.tanh(z) : z;
      }
      const shift = h.slice([0, 0], [-1, 1]);
      const s = tf.tanh(h.slice([0, 1], [-1, 1]).mul(1 / B)).mul(B);
      cols[1 - k] = cols[1 - k]!.sub(shift).mul(tf.exp(s.neg()));
      logDet = logDet === null ? s.neg() : logDet.sub(s);
    }
    const logBase = tf.square(cols[0]!).add(tf.square(cols[1]!)).mul(-0.5).sub(LOG_2PI);
    return logBase.add(logDet!).mean().neg();
  };
  return trainer(tf, vars, batches, loss);
}
