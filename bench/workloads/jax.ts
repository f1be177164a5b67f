/**
 * The workloads in jax-js (0.1.25): `jit(valueAndGrad(f))` on the WebAssembly backend.
 * jax-js counts references: every function consumes its array arguments, so arrays used
 * twice are passed as `x.ref`; reading a result back disposes it.
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

type JaxModule = typeof import("@jax-js/jax");
type JaxArray = import("@jax-js/jax").Array;
type Dtype = "float64" | "float32";

let jaxModule: JaxModule | null = null;

/**
 * Import jax-js and start its WebAssembly backend. jax-js expects a global Float16Array,
 * which Node 20 lacks; a Float32Array subclass stands in (no float16 arrays are used here).
 */
export async function loadJax(): Promise<JaxModule> {
  if (jaxModule !== null) return jaxModule;
  const g = globalThis as { Float16Array?: unknown };
  if (g.Float16Array === undefined) g.Float16Array = class Float16Array extends Float32Array {};
  const jax = await import("@jax-js/jax");
  const devices = await jax.init("wasm");
  if (!devices.includes("wasm")) throw new Error(`jax-js: the wasm backend did not start (got ${devices.join(", ")})`);
  jax.defaultDevice("wasm");
  jaxModule = jax;
  return jax;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Read results back into JavaScript (jax-js's dataSync also disposes the array). */
function read(arrays: JaxArray[]): Outputs {
  return arrays.map((a) => a.dataSync() as ArrayLike<number>);
}

function typed(jax: JaxModule, data: Float64Array, shape: number[], dtype: Dtype): JaxArray {
  const values = dtype === "float64" ? data : Float32Array.from(data);
  return jax.numpy.array(values, { shape, dtype: dtype === "float64" ? jax.numpy.float64 : jax.numpy.float32 });
}

export function eightSchoolsJax(jax: JaxModule, dtype: Dtype): Implementation {
  const np = jax.numpy;
  const y = typed(jax, eightSchools.y, [8], dtype);
  const sigma = typed(jax, eightSchools.sigma, [8], dtype);
  let logSigmaSum = 0;
  for (const s of eightSchools.sigma) logSigmaSum += Math.log(s);
  const constant = -Math.log(5) - LOG_SQRT_2PI + Math.log(2 / (5 * Math.PI)) - 16 * LOG_SQRT_2PI - logSigmaSum;
  type P = { mu: JaxArray; logTau: JaxArray; thetaTilde: JaxArray };
  const logDensity = ({ mu, logTau, thetaTilde }: P): JaxArray => {
    const tau = np.exp(logTau.ref);
    const lpMu = np.square(mu.ref).mul(-0.5 / 25);
    const lpTau = np
      .log1p(np.square(tau.ref.mul(0.2)))
      .neg()
      .add(logTau);
    const lpTheta = np.square(thetaTilde.ref).sum().mul(-0.5);
    const theta = mu.add(tau.mul(thetaTilde));
    const lpY = np.square(y.ref.sub(theta).div(sigma.ref)).sum().mul(-0.5);
    return lpMu.add(lpTau).add(lpTheta).add(lpY).add(constant);
  };
  const vg = jax.jit(jax.valueAndGrad(logDensity));
  const p = {
    mu: typed(jax, Float64Array.of(eightSchoolsPoint.mu), [], dtype),
    logTau: typed(jax, Float64Array.of(eightSchoolsPoint.logTau), [], dtype),
    thetaTilde: typed(jax, eightSchoolsPoint.thetaTilde, [8], dtype),
  };
  return {
    library: "jax-js (jit, wasm)",
    dtype,
    run: () => {
      const [v, g] = vg({ mu: p.mu.ref, logTau: p.logTau.ref, thetaTilde: p.thetaTilde.ref });
      return read([v, g.mu, g.logTau, g.thetaTilde]);
    },
    dispose: () => {
      for (const a of [y, sigma, p.mu, p.logTau, p.thetaTilde]) a.dispose();
      vg.dispose();
    },
  };
}

export function softmaxPolicyJax(jax: JaxModule, dtype: Dtype): Implementation {
  const np = jax.numpy;
  const { n, features, actions: A } = softmaxSizes;
  const d = softmaxData();
  const X = typed(jax, d.X, [n, features], dtype);
  const onehot = new Float64Array(n * A);
  for (let i = 0; i < n; i++) onehot[i * A + d.actions[i]!] = 1;
  const mask = typed(jax, onehot, [n, A], dtype);
  const W = typed(jax, d.W, [features, A], dtype);
  const logLik = (w: JaxArray): JaxArray => jax.nn.logSoftmax(np.matmul(X.ref, w), -1).mul(mask.ref).sum();
  const vg = jax.jit(jax.valueAndGrad(logLik));
  return {
    library: "jax-js (jit, wasm)",
    dtype,
    run: () => read(vg(W.ref)),
    dispose: () => {
      for (const a of [X, mask, W]) a.dispose();
      vg.dispose();
    },
  };
}

export function mlpJax(jax: JaxModule, dtype: Dtype): Implementation {
  const np = jax.numpy;
  const { widths, batch } = mlpSizes;
  const d = mlpData();
  const X = typed(jax, d.X, [batch, widths[0]!], dtype);
  const y = typed(jax, d.y, [batch, 1], dtype);
  type P = { weights: JaxArray[]; biases: JaxArray[] };
  const params: P = {
    weights: d.weights.map((w, l) => typed(jax, w, [widths[l]!, widths[l + 1]!], dtype)),
    biases: d.biases.map((b) => typed(jax, b, [b.length], dtype)),
  };
  const loss = ({ weights, biases }: P): JaxArray => {
    let h = X.ref;
    for (let l = 0; l < weights.length; l++) {
      const z = np.matmul(h, weights[l]!).add(biases[l]!);
      h = l + 1 < weights.length ? jax.nn.silu(z) : z;
    }
    return np.square(h.sub(y.ref)).mean();
  };
  const vg = jax.jit(jax.valueAndGrad(loss));
  return {
    library: "jax-js (jit, wasm)",
    dtype,
    run: () => {
      const [v, g] = vg({ weights: params.weights.map((w) => w.ref), biases: params.biases.map((b) => b.ref) });
      const arrays = [v];
      for (let l = 0; l < g.weights.length; l++) arrays.push(g.weights[l]!, g.biases[l]!);
      return read(arrays);
    },
    dispose: () => {
      for (const a of [X, y, ...params.weights, ...params.biases]) a.dispose();
      vg.dispose();
    },
  };
}

export function matmulJax(jax: JaxModule, dtype: Dtype): Implementation {
  const { m, k, n } = matmulSizes;
  const d = matmulData();
  const A = typed(jax, d.A, [m, k], dtype);
  const B = typed(jax, d.B, [k, n], dtype);
  const mm = jax.jit((a: JaxArray, b: JaxArray) => jax.numpy.matmul(a, b));
  return {
    library: "jax-js (jit, wasm)",
    dtype,
    run: () => read([mm(A.ref, B.ref)]),
    dispose: () => {
      A.dispose();
      B.dispose();
      mm.dispose();
    },
  };
}
