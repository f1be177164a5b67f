/**
 * The workloads in TensorFlow.js (4.22), float32 (its only floating-point type), on the
 * WebAssembly or the plain-JavaScript CPU backend: `tf.valueAndGrads` inside `tf.tidy`.
 * @module
 */
import {
  eightSchools,
  eightSchoolsPoint,
  matmulData,
  matmulSizes,
  mlpData,
  mlpSizes,
  softmaxData,
  softmaxSizes,
} from "../data.js";
import type { Implementation, Outputs } from "../workload.js";

type Tf = typeof import("@tensorflow/tfjs");
type TfTensor = import("@tensorflow/tfjs").Tensor;
export type TfBackend = "wasm" | "cpu";

let tfModule: Tf | null = null;

/** Import TensorFlow.js (and its wasm backend) and switch to `backend`. */
export async function loadTf(backend: TfBackend): Promise<Tf> {
  if (tfModule === null) {
    const tf = await import("@tensorflow/tfjs");
    await import("@tensorflow/tfjs-backend-wasm");
    tfModule = tf;
  }
  const tf = tfModule;
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js: backend ${backend} did not start`);
  await tf.ready();
  return tf;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function label(tf: Tf): string {
  return `TensorFlow.js (${tf.getBackend()})`;
}

/** Run `f` in a tidy scope and read its tensors back into JavaScript. */
function readTidy(tf: Tf, f: () => TfTensor[]): Outputs {
  const ts = tf.tidy(f);
  const out = ts.map((t) => t.dataSync() as ArrayLike<number>);
  for (const t of ts) t.dispose();
  return out;
}

const f32 = (a: ArrayLike<number>): Float32Array => Float32Array.from(a);

export function eightSchoolsTf(tf: Tf): Implementation {
  const y = tf.tensor1d(f32(eightSchools.y));
  const sigma = tf.tensor1d(f32(eightSchools.sigma));
  let logSigmaSum = 0;
  for (const s of eightSchools.sigma) logSigmaSum += Math.log(s);
  const constant = -Math.log(5) - LOG_SQRT_2PI + Math.log(2 / (5 * Math.PI)) - 16 * LOG_SQRT_2PI - logSigmaSum;
  const logDensity = (mu: TfTensor, logTau: TfTensor, thetaTilde: TfTensor): TfTensor => {
    const tau = tf.exp(logTau);
    const lpMu = tf.square(mu).mul(-0.5 / 25);
    const lpTau = tf
      .log1p(tf.square(tau.mul(0.2)))
      .neg()
      .add(logTau);
    const lpTheta = tf.square(thetaTilde).sum().mul(-0.5);
    const theta = mu.add(tau.mul(thetaTilde));
    const lpY = tf.square(y.sub(theta).div(sigma)).sum().mul(-0.5);
    return lpMu.add(lpTau).add(lpTheta).add(lpY).add(constant);
  };
  const vg = tf.valueAndGrads((...[mu, logTau, tt]: TfTensor[]) => logDensity(mu!, logTau!, tt!));
  const p = [
    tf.scalar(eightSchoolsPoint.mu),
    tf.scalar(eightSchoolsPoint.logTau),
    tf.tensor1d(f32(eightSchoolsPoint.thetaTilde)),
  ];
  return {
    library: label(tf),
    dtype: "float32",
    run: () =>
      readTidy(tf, () => {
        const { value, grads } = vg(p);
        return [value, ...grads];
      }),
    dispose: () => tf.dispose([y, sigma, ...p]),
  };
}

export function softmaxPolicyTf(tf: Tf): Implementation {
  const { n, features, actions: A } = softmaxSizes;
  const d = softmaxData();
  const X = tf.tensor2d(f32(d.X), [n, features]);
  const onehot = new Float32Array(n * A);
  for (let i = 0; i < n; i++) onehot[i * A + d.actions[i]!] = 1;
  const mask = tf.tensor2d(onehot, [n, A]);
  const W = tf.tensor2d(f32(d.W), [features, A]);
  const vg = tf.valueAndGrads((...[w]: TfTensor[]) => tf.logSoftmax(tf.matMul(X, w!)).mul(mask).sum());
  return {
    library: label(tf),
    dtype: "float32",
    run: () =>
      readTidy(tf, () => {
        const { value, grads } = vg([W]);
        return [value, ...grads];
      }),
    dispose: () => tf.dispose([X, mask, W]),
  };
}

export function mlpTf(tf: Tf): Implementation {
  const { widths, batch } = mlpSizes;
  const d = mlpData();
  const X = tf.tensor2d(f32(d.X), [batch, widths[0]!]);
  const y = tf.tensor2d(f32(d.y), [batch, 1]);
  const weights = d.weights.map((w, l) => tf.tensor2d(f32(w), [widths[l]!, widths[l + 1]!]));
  const biases = d.biases.map((b) => tf.tensor1d(f32(b)));
  const L = weights.length;
  const loss = (...ps: TfTensor[]): TfTensor => {
    let h: TfTensor = X;
    for (let l = 0; l < L; l++) {
      const z = tf.matMul(h, ps[2 * l]!).add(ps[2 * l + 1]!);
      h = l + 1 < L ? z.mul(tf.sigmoid(z)) : z;
    }
    return tf.square(h.sub(y)).mean();
  };
  const vg = tf.valueAndGrads(loss);
  const params: TfTensor[] = [];
  for (let l = 0; l < L; l++) params.push(weights[l]!, biases[l]!);
  return {
    library: label(tf),
    dtype: "float32",
    run: () =>
      readTidy(tf, () => {
        const { value, grads } = vg(params);
        return [value, ...grads];
      }),
    dispose: () => tf.dispose([X, y, ...params]),
  };
}

export function matmulTf(tf: Tf): Implementation {
  const { m, k, n } = matmulSizes;
  const d = matmulData();
  const A = tf.tensor2d(f32(d.A), [m, k]);
  const B = tf.tensor2d(f32(d.B), [k, n]);
  return {
    library: label(tf),
    dtype: "float32",
    run: () => readTidy(tf, () => [tf.matMul(A, B)]),
    dispose: () => tf.dispose([A, B]),
  };
}
