/**
 * The training steps in jax-js (0.1.25, WebAssembly backend): the whole step — value and
 * gradient of the loss plus an Adam update written in jax-js ops — under one `jit`. The
 * bias corrections 1/(1 − βᵗ) enter as scalar arguments so the step compiles once.
 * jax-js counts references: every function consumes its array arguments (see ../workloads/jax.ts).
 * @module
 */
import { loadJax } from "../workloads/jax.js";
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

export { loadJax };
type JaxModule = typeof import("@jax-js/jax");
type JaxArray = import("@jax-js/jax").Array;
type Dtype = "float64" | "float32";

const library = "jax-js (jit, wasm)";

function typed(jax: JaxModule, data: ArrayLike<number>, shape: number[], dtype: Dtype): JaxArray {
  const values = dtype === "float64" ? Float64Array.from(data) : Float32Array.from(data);
  return jax.numpy.array(values, { shape, dtype: dtype === "float64" ? jax.numpy.float64 : jax.numpy.float32 });
}

/** Leaves in order [W0, b0, W1, b1, ...]. */
function denseLeaves(jax: JaxModule, layers: DenseInit[], dtype: Dtype): JaxArray[] {
  const out: JaxArray[] = [];
  for (const l of layers)
    out.push(typed(jax, l.weight, [l.inFeatures, l.outFeatures], dtype), typed(jax, l.bias, [l.outFeatures], dtype));
  return out;
}

/**
 * A jitted Adam training step for `loss(params, ...data)`: returns
 * [loss, params', m', v'] and consumes all its arguments.
 */
function adamStep(
  jax: JaxModule,
  loss: (params: JaxArray[], data: JaxArray[]) => JaxArray,
): (params: JaxArray[], m: JaxArray[], v: JaxArray[], c1: JaxArray, c2: JaxArray, data: JaxArray[]) => JaxArray[][] {
  const np = jax.numpy;
  const { beta1, beta2, eps } = adamHyper;
  const vg = jax.valueAndGrad((p: JaxArray[], data: JaxArray[]) => loss(p, data));
  const step = jax.jit(
    (params: JaxArray[], m: JaxArray[], v: JaxArray[], c1: JaxArray, c2: JaxArray, data: JaxArray[]) => {
      const [value, grads] = vg(
        params.map((p) => p.ref),
        data,
      ) as unknown as [JaxArray, JaxArray[]];
      const newP: JaxArray[] = [];
      const newM: JaxArray[] = [];
      const newV: JaxArray[] = [];
      for (let i = 0; i < params.length; i++) {
        const g = grads[i]!;
        const mi = m[i]!.mul(beta1).add(g.ref.mul(1 - beta1));
        const vi = v[i]!.mul(beta2).add(np.square(g).mul(1 - beta2));
        const mHat = mi.ref.mul(c1.ref);
        const vHat = vi.ref.mul(c2.ref);
        newP.push(params[i]!.sub(mHat.div(np.sqrt(vHat).add(eps)).mul(learningRate)));
        newM.push(mi);
        newV.push(vi);
      }
      c1.dispose();
      c2.dispose();
      return [[value], newP, newM, newV];
    },
  );
  return step as never;
}

function trainer(
  jax: JaxModule,
  dtype: Dtype,
  init: JaxArray[],
  batches: JaxArray[][],
  loss: (params: JaxArray[], data: JaxArray[]) => JaxArray,
): Trainer {
  const np = jax.numpy;
  const step = adamStep(jax, loss);
  let params = init;
  let m = params.map((p) => np.zerosLike(p.ref));
  let v = params.map((p) => np.zerosLike(p.ref));
  let t = 0;
  const { beta1, beta2 } = adamHyper;
  return {
    library,
    dtype,
    step: () => {
      const data = batches[t % batches.length]!;
      t++;
      const c1 = typed(jax, [1 / (1 - beta1 ** t)], [], dtype);
      const c2 = typed(jax, [1 / (1 - beta2 ** t)], [], dtype);
      const [[value], p1, m1, v1] = step(
        params,
        m,
        v,
        c1,
        c2,
        data.map((d) => d.ref),
      ) as [JaxArray[], JaxArray[], JaxArray[], JaxArray[]];
      params = p1;
      m = m1;
      v = v1;
      return (value!.dataSync() as ArrayLike<number>)[0]!;
    },
    dispose: () => {
      for (const a of [...params, ...m, ...v, ...batches.flat()]) a.dispose();
      (step as unknown as { dispose?: () => void }).dispose?.();
    },
  };
}

export function mlpTrainerJax(jax: JaxModule, dtype: Dtype): Trainer {
  const np = jax.numpy;
  const { widths, batch } = mlpTraining;
  const data = mlpBatches();
  const batches = data.X.map((x, i) => [
    typed(jax, x, [batch, widths[0]!], dtype),
    typed(jax, data.y[i]!, [batch, 1], dtype),
  ]);
  const L = widths.length - 1;
  const loss = (p: JaxArray[], [X, y]: JaxArray[]): JaxArray => {
    let h = X!;
    for (let l = 0; l < L; l++) {
      const z = np.matmul(h, p[2 * l]!).add(p[2 * l + 1]!);
      h = l + 1 < L ? jax.nn.silu(z) : z;
    }
    return np.square(h.sub(y!)).mean();
  };
  return trainer(jax, dtype, denseLeaves(jax, mlpInit(), dtype), batches, loss);
}

export function flowTrainerJax(jax: JaxModule, dtype: Dtype): Trainer {
  const np = jax.numpy;
  const { layers, hidden, logScaleBound: B, batch } = flowTraining;
  const batches = moonsBatches().map((xb) => [
    typed(jax, column(xb, 0), [batch, 1], dtype),
    typed(jax, column(xb, 1), [batch, 1], dtype),
  ]);
  const perLayer = 2 * (hidden.length + 1);
  // −mean log p(x): the inverse pass, last coupling first, on the two columns of the batch
  const loss = (p: JaxArray[], [a, b]: JaxArray[]): JaxArray => {
    const cols = [a!, b!];
    let logDet: JaxArray | null = null;
    for (let i = layers - 1; i >= 0; i--) {
      const k = keptCoordinate(i);
      const q = p.slice(i * perLayer, (i + 1) * perLayer);
      let h = cols[k]!.ref;
      for (let l = 0; l <= hidden.length; l++) {
        const z = np.matmul(h, q[2 * l]!).add(q[2 * l + 1]!);
        h = l < hidden.length ? np.tanh(z) : z;
      }
      const shift = h.ref.slice([], [0, 1]);
      const s = np.tanh(h.slice([], [1, 2]).mul(1 / B)).mul(B);
      cols[1 - k] = cols[1 - k]!.sub(shift).mul(np.exp(s.ref.neg()));
      logDet = logDet === null ? s.neg() : logDet.sub(s);
    }
    const logBase = np.square(cols[0]!).add(np.square(cols[1]!)).mul(-0.5).sub(LOG_2PI);
    return logBase.add(logDet!).mean().neg();
  };
  return trainer(
    jax,
    dtype,
    flowInit().flatMap((layer) => denseLeaves(jax, layer, dtype)),
    batches,
    loss,
  );
}
