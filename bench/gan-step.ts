/**
 * One conditional-GAN training step, written three times — this library, TensorFlow.js and
 * jax-js — on the same data and from the same initial weights, for `bench/gan.ts`'s side-by-side
 * figures.
 *
 * The step is the body of `trainConditionalGAN`'s loop (src/perturb/generative/train-gan.ts) with
 * {@link DEFAULT_GAN_CONFIG}: generator [clean′, z] (2 + 4) → 64 → 64 → 2 standardised residual,
 * discriminator [clean′, residual′] (2 + 2) → 64 → 64 → 1 logit, leaky ReLU (slope 0.01) hidden
 * layers; one discriminator update on softplus(−D(real)) + softplus(D(fake)) plus the R1 penalty
 * (γ/2)·mean ‖∇_residual D(real)‖² (Mescheder et al. 2018, eq. 9), one generator update on the
 * non-saturating softplus(−D(G(z))) against the updated discriminator (Goodfellow et al. 2014,
 * section 3), each with Adam (lr 1e-3, β1 0.5, β2 0.9, ε 1e-8), then the moving average of the
 * generator's weights (decay 0.995). Batch 256.
 *
 * The inputs are fixed: a cycle of {@link CYCLE} steps' minibatches (standardised clean and
 * residual rows of the 2-D perturbation mix of ../test/perturb/generative-mix.ts, and the noise
 * z), so every library sees the same numbers in the same order. The initial weights are the
 * library's own (`initMLP`, generator output layer zero, as `trainConditionalGAN` starts),
 * copied to the peers.
 *
 * How each computes R1's input gradient:
 * - policy-posterior: the closed-form backpropagation of `discriminatorWithInputGradient` (our
 *   tape has first derivatives only), differentiated once by the tape;
 * - TensorFlow.js: `tf.valueAndGrad` of the discriminator in its input inside the loss that
 *   `optimizer.minimize` differentiates (gradient of a gradient). TensorFlow.js 4.22 cannot
 *   differentiate its own `leakyRelu` gradient ("gradient function not found for Greater": the
 *   gradient is a `where` on a `greater` mask), so on that path leaky ReLU is written as
 *   0.505·a + 0.495·|a| (equal to it: a for a > 0, 0.01·a otherwise), whose gradient (`abs` →
 *   `step`) has a gradient; the other passes use `tf.leakyRelu`;
 * - jax-js: `grad` (with the logits as auxiliary output) inside the `valueAndGrad` of the loss,
 *   the whole step under one `jit`.
 *
 * What the loss comparison in `bench/gan.ts` shows about the peers (jax-js 0.1.25): its float64
 * losses differ from ours by ~5e-6 relative because its `exp`/`log` (and `nn.softplus`) are
 * accurate to ~1e-7…1e-5 relative even in float64, not because the step differs; in float32
 * with R1 its gradient of the penalty with respect to the discriminator's second and third
 * weight matrices differs from float64's (and from ours and TensorFlow.js's) by ~40%, with or
 * without `jit` and with leaky ReLU written either way, so that row trains a different
 * discriminator (`agreesWithOurs: false`). Without R1 its float32 step agrees.
 * @module
 */
import {
  type Key,
  type MLPConfig,
  type MLPParams,
  type Tensor,
  add,
  adam,
  concat,
  fold,
  key,
  mean,
  mlp,
  mul,
  neg,
  random,
  softplus,
  square,
  sum,
  tensor,
  valueAndGrad,
} from "../src/index.js";
import { initMLP } from "../src/nn/mlp.js";
import {
  DEFAULT_GAN_CONFIG,
  discriminatorConfig,
  discriminatorWithInputGradient,
  generatorConfig,
  standardizeColumns,
} from "../src/perturb/generative/conditional-gan.js";
import { columnStatistics } from "../src/perturb/generative/train-gan.js";
import { perturbationMix } from "../test/perturb/generative-mix.js";

type Tf = typeof import("@tensorflow/tfjs");
type TfTensor = import("@tensorflow/tfjs").Tensor;
type TfVariable = import("@tensorflow/tfjs").Variable;
type JaxModule = typeof import("@jax-js/jax");
type JaxArray = import("@jax-js/jax").Array;

/** Rows of training data. */
export const ROWS = 4096;
/** Pairs per minibatch. */
export const BATCH = 256;
/** Steps whose inputs are drawn before the cycle repeats (each step takes two minibatches). */
export const CYCLE = ROWS / BATCH / 2;
const D = 2;
const cfg = DEFAULT_GAN_CONFIG;
const EMA = cfg.generatorAverageDecay;
const ADAM = { learningRate: cfg.discriminatorLearningRate, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 };
if (cfg.generatorLearningRate !== cfg.discriminatorLearningRate)
  throw new Error("gan-step: the benchmark assumes one learning rate for both networks");

/** The inputs of one step, row-major Float64Arrays. */
export interface StepInputs {
  /** Standardised clean rows of the discriminator's minibatch, [B, 2]. */
  condD: Float64Array;
  /** Their standardised residuals (the real samples), [B, 2]. */
  resD: Float64Array;
  /** Noise of the fakes the discriminator sees, [B, latentDim]. */
  zD: Float64Array;
  /** Standardised clean rows of the generator's minibatch, [B, 2]. */
  condG: Float64Array;
  /** Its noise, [B, latentDim]. */
  zG: Float64Array;
}

/** A dense layer's parameters, row-major weight [in, out] and bias [out]. */
export interface Dense {
  inFeatures: number;
  outFeatures: number;
  weight: Float64Array;
  bias: Float64Array;
}

/** Everything the three implementations share. */
export interface GanProblem {
  steps: StepInputs[];
  discriminator: Dense[];
  generator: Dense[];
  /** γ/2 of the R1 term; 0 leaves it out. */
  halfGamma: number;
}

/** One library's step: returns the discriminator's loss (with R1) and the generator's, read back into JavaScript. */
export interface GanStepper {
  library: string;
  dtype: "float64" | "float32";
  step: () => { discriminatorLoss: number; generatorLoss: number };
  dispose?: () => void;
}

const rowsOf = (t: Tensor, start: number, n: number): Float64Array => {
  const k = t.shape[1]!;
  return t.data.slice(start * k, (start + n) * k);
};

const dense = (p: MLPParams): Dense[] =>
  p.layers.map((l) => ({
    inFeatures: l.weight.shape[0]!,
    outFeatures: l.weight.shape[1]!,
    weight: Float64Array.from(l.weight.data),
    bias: Float64Array.from(l.bias!.data),
  }));

/**
 * The shared inputs: the perturbation mix (key 1), standardised as `trainConditionalGAN` does,
 * consecutive minibatches, noise from key 4; initial weights from key 2 (generator output layer
 * zero). `r1Weight` γ (default {@link DEFAULT_GAN_CONFIG}'s).
 */
export function ganProblem(r1Weight: number = cfg.r1Weight): GanProblem {
  const pairs = perturbationMix(key(1), ROWS);
  const residual = tensor(
    pairs.perturbed.data.map((v, i) => v - pairs.clean.data[i]!),
    pairs.clean.shape,
  );
  const cs = columnStatistics(pairs.clean);
  const rs = columnStatistics(residual);
  const cond = standardizeColumns(pairs.clean, cs.loc, cs.scale);
  const res = standardizeColumns(residual, rs.loc, rs.scale);
  const noise = key(4);
  const steps: StepInputs[] = [];
  for (let s = 0; s < CYCLE; s++) {
    const d0 = 2 * s * BATCH;
    const g0 = d0 + BATCH;
    steps.push({
      condD: rowsOf(cond, d0, BATCH),
      resD: rowsOf(res, d0, BATCH),
      zD: Float64Array.from(random.normal(fold(noise, 2 * s), [BATCH, cfg.latentDim]).data),
      condG: rowsOf(cond, g0, BATCH),
      zG: Float64Array.from(random.normal(fold(noise, 2 * s + 1), [BATCH, cfg.latentDim]).data),
    });
  }
  const [gKey, dKey] = [fold(key(2), 0), fold(key(2), 1)] as [Key, Key];
  const generator = dense(initMLP(gKey, generatorConfig(cfg, D, 0)));
  generator[generator.length - 1]!.weight.fill(0);
  const discriminator = dense(initMLP(dKey, discriminatorConfig(cfg, D, 0)));
  return { steps, generator, discriminator, halfGamma: r1Weight / 2 };
}

// ---------------------------------------------------------------- policy-posterior (float64)

const toParams = (layers: Dense[]): MLPParams => ({
  layers: layers.map((l) => ({
    weight: tensor(l.weight, [l.inFeatures, l.outFeatures]),
    bias: tensor(l.bias, [l.outFeatures]),
  })),
});

/** This library's step, as `trainConditionalGAN`'s loop runs it. */
export function ganStepOurs(problem: GanProblem): GanStepper {
  const gConfig: MLPConfig = generatorConfig(cfg, D, 0);
  const dConfig: MLPConfig = discriminatorConfig(cfg, D, 0);
  const inputs = problem.steps.map((s) => ({
    condD: tensor(s.condD, [BATCH, D]),
    resD: tensor(s.resD, [BATCH, D]),
    zD: tensor(s.zD, [BATCH, cfg.latentDim]),
    condG: tensor(s.condG, [BATCH, D]),
    zG: tensor(s.zG, [BATCH, cfg.latentDim]),
  }));
  let gParams = toParams(problem.generator);
  let dParams = toParams(problem.discriminator);
  let average = gParams;
  const gOpt = adam(ADAM);
  const dOpt = adam(ADAM);
  let gState = gOpt.init(gParams);
  let dState = dOpt.init(dParams);
  const { halfGamma } = problem;
  let x = inputs[0]!;
  let fake = x.resD;
  const dLoss = valueAndGrad((p: MLPParams) => {
    const fakeLogits = mlp(p, concat([x.condD, fake], 1), dConfig);
    const real = concat([x.condD, x.resD], 1);
    if (halfGamma === 0) return add(mean(softplus(neg(mlp(p, real, dConfig)))), mean(softplus(fakeLogits)));
    const both = discriminatorWithInputGradient(p, real, dConfig, D);
    const penalty = mul(halfGamma, mean(sum(square(both.inputGradient), 1)));
    return add(add(mean(softplus(neg(both.logits))), mean(softplus(fakeLogits))), penalty);
  });
  const gLoss = valueAndGrad((p: MLPParams) => {
    const generated = mlp(p, concat([x.condG, x.zG], 1), gConfig);
    return mean(softplus(neg(mlp(dParams, concat([x.condG, generated], 1), dConfig))));
  });
  const mix = (a: Tensor, c: Tensor): Tensor =>
    tensor(
      a.data.map((v, j) => EMA * v + (1 - EMA) * c.data[j]!),
      a.shape,
    );
  let t = 0;
  return {
    library: "policy-posterior",
    dtype: "float64",
    step: () => {
      x = inputs[t % inputs.length]!;
      t++;
      fake = mlp(gParams, concat([x.condD, x.zD], 1), gConfig);
      const [dValue, dGrads] = dLoss(dParams);
      ({ params: dParams, state: dState } = dOpt.update(dGrads, dState, dParams));
      const [gValue, gGrads] = gLoss(gParams);
      ({ params: gParams, state: gState } = gOpt.update(gGrads, gState, gParams));
      average = {
        layers: average.layers.map((l, i) => ({
          weight: mix(l.weight, gParams.layers[i]!.weight),
          bias: mix(l.bias!, gParams.layers[i]!.bias!),
        })),
      };
      return { discriminatorLoss: dValue.data[0]!, generatorLoss: gValue.data[0]! };
    },
  };
}

// ---------------------------------------------------------------- TensorFlow.js (float32)

const f32 = (a: ArrayLike<number>): Float32Array => Float32Array.from(a);

/** The step in TensorFlow.js on its current backend (float32). */
export function ganStepTf(tf: Tf, problem: GanProblem): GanStepper {
  const variables = (layers: Dense[]): TfVariable[] =>
    layers.flatMap((l) => [
      tf.variable(tf.tensor2d(f32(l.weight), [l.inFeatures, l.outFeatures])),
      tf.variable(tf.tensor1d(f32(l.bias))),
    ]);
  const inputs = problem.steps.map((s) => ({
    condD: tf.tensor2d(f32(s.condD), [BATCH, D]),
    resD: tf.tensor2d(f32(s.resD), [BATCH, D]),
    zD: tf.tensor2d(f32(s.zD), [BATCH, cfg.latentDim]),
    condG: tf.tensor2d(f32(s.condG), [BATCH, D]),
    zG: tf.tensor2d(f32(s.zG), [BATCH, cfg.latentDim]),
  }));
  const ones = tf.ones([BATCH, 1]);
  const gVars = variables(problem.generator);
  const dVars = variables(problem.discriminator);
  let average: TfTensor[] = gVars.map((v) => v.clone());
  const gOpt = tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.eps);
  const dOpt = tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.eps);
  const leaky = (a: TfTensor): TfTensor => tf.leakyRelu(a, 0.01);
  // twice differentiable in TensorFlow.js (see the module comment)
  const leakyAbs = (a: TfTensor): TfTensor => a.mul(0.505).add(tf.abs(a).mul(0.495));
  const net = (p: TfTensor[], x: TfTensor, act: (a: TfTensor) => TfTensor): TfTensor => {
    let h = x;
    const L = p.length / 2;
    for (let l = 0; l < L; l++) {
      const z = tf.matMul(h, p[2 * l]!).add(p[2 * l + 1]!);
      h = l + 1 < L ? act(z) : z;
    }
    return h;
  };
  const { halfGamma } = problem;
  let t = 0;
  return {
    library: `TensorFlow.js (${tf.getBackend()})`,
    dtype: "float32",
    step: () => {
      const x = inputs[t % inputs.length]!;
      t++;
      const fake = tf.tidy(() => net(gVars, tf.concat([x.condD, x.zD], 1), leaky));
      const dValue = dOpt.minimize(
        () => {
          const fakeLogits = net(dVars, tf.concat([x.condD, fake], 1), leaky);
          let realLogits: TfTensor;
          let penalty: TfTensor | null = null;
          if (halfGamma === 0) realLogits = net(dVars, tf.concat([x.condD, x.resD], 1), leaky);
          else {
            const vg = tf.valueAndGrad((res: TfTensor) => net(dVars, tf.concat([x.condD, res], 1), leakyAbs));
            const { value, grad } = vg(x.resD, ones);
            realLogits = value;
            penalty = tf.square(grad).sum(1).mean().mul(halfGamma);
          }
          const adversarial = tf.softplus(realLogits.neg()).mean().add(tf.softplus(fakeLogits).mean());
          return (penalty === null ? adversarial : adversarial.add(penalty)) as import("@tensorflow/tfjs").Scalar;
        },
        true,
        dVars,
      )!;
      fake.dispose();
      const gValue = gOpt.minimize(
        () => {
          const generated = net(gVars, tf.concat([x.condG, x.zG], 1), leaky);
          const logits = net(dVars, tf.concat([x.condG, generated], 1), leaky);
          return tf.softplus(logits.neg()).mean() as import("@tensorflow/tfjs").Scalar;
        },
        true,
        gVars,
      )!;
      const next = tf.tidy(() => average.map((a, i) => a.mul(EMA).add(gVars[i]!.mul(1 - EMA))));
      tf.dispose(average);
      average = next;
      const out = { discriminatorLoss: dValue.dataSync()[0]!, generatorLoss: gValue.dataSync()[0]! };
      tf.dispose([dValue, gValue]);
      return out;
    },
    dispose: () => {
      gOpt.dispose();
      dOpt.dispose();
      tf.dispose([...gVars, ...dVars, ...average, ones, ...inputs.flatMap((x) => Object.values(x))]);
    },
  };
}

// ---------------------------------------------------------------- jax-js (jit, float64 / float32)

/**
 * The step in jax-js: the whole step (both updates and the average) under one `jit`; the Adam
 * bias corrections 1/(1 − βᵗ) are scalar arguments so it compiles once. jax-js counts
 * references: a function consumes its array arguments, `.ref` keeps one alive for another use
 * (see ../bench/workloads/jax.ts).
 */
export function ganStepJax(jax: JaxModule, problem: GanProblem, dtype: "float64" | "float32"): GanStepper {
  const np = jax.numpy;
  const typed = (data: ArrayLike<number>, shape: number[]): JaxArray =>
    np.array(dtype === "float64" ? Float64Array.from(data) : Float32Array.from(data), {
      shape,
      dtype: dtype === "float64" ? np.float64 : np.float32,
    });
  const leaves = (layers: Dense[]): JaxArray[] =>
    layers.flatMap((l) => [typed(l.weight, [l.inFeatures, l.outFeatures]), typed(l.bias, [l.outFeatures])]);
  const inputs = problem.steps.map((s) => [
    typed(s.condD, [BATCH, D]),
    typed(s.resD, [BATCH, D]),
    typed(s.zD, [BATCH, cfg.latentDim]),
    typed(s.condG, [BATCH, D]),
    typed(s.zG, [BATCH, cfg.latentDim]),
  ]);
  const leaky = (a: JaxArray): JaxArray => jax.nn.leakyRelu(a, 0.01);
  /** The network on x; consumes x, not the parameters. */
  const net = (p: JaxArray[], x: JaxArray): JaxArray => {
    let h = x;
    const L = p.length / 2;
    for (let l = 0; l < L; l++) {
      const z = np.matmul(h, p[2 * l]!.ref).add(p[2 * l + 1]!.ref);
      h = l + 1 < L ? leaky(z) : z;
    }
    return h;
  };
  const dispose = (xs: JaxArray[]): void => xs.forEach((a) => a.dispose());
  const { halfGamma } = problem;
  const dLoss = (p: JaxArray[], condD: JaxArray, resD: JaxArray, fake: JaxArray): JaxArray => {
    const fakeLogits = net(p, np.concatenate([condD.ref, fake], 1));
    let realLogits: JaxArray;
    let penalty: JaxArray | null = null;
    if (halfGamma === 0) realLogits = net(p, np.concatenate([condD, resD], 1));
    else {
      const [inputGradient, logits] = jax.grad(
        (res: JaxArray) => {
          const l = net(p, np.concatenate([condD.ref, res], 1));
          return [l.ref.sum(), l];
        },
        { hasAux: true },
      )(resD) as unknown as [JaxArray, JaxArray];
      condD.dispose();
      realLogits = logits;
      penalty = np.square(inputGradient).sum(1).mean().mul(halfGamma);
    }
    dispose(p);
    const adversarial = jax.nn.softplus(realLogits.neg()).mean().add(jax.nn.softplus(fakeLogits).mean());
    return penalty === null ? adversarial : adversarial.add(penalty);
  };
  const gLoss = (p: JaxArray[], condG: JaxArray, zG: JaxArray, dp: JaxArray[]): JaxArray => {
    const generated = net(p, np.concatenate([condG.ref, zG], 1));
    const logits = net(dp, np.concatenate([condG, generated], 1));
    dispose(p);
    dispose(dp);
    return jax.nn.softplus(logits.neg()).mean();
  };
  const dVG = jax.valueAndGrad(dLoss);
  const gVG = jax.valueAndGrad(gLoss);
  /** Adam on lists of leaves; consumes everything but c1, c2. */
  const adamUpdate = (
    params: JaxArray[],
    grads: JaxArray[],
    m: JaxArray[],
    v: JaxArray[],
    c1: JaxArray,
    c2: JaxArray,
  ) => {
    const out = { params: [] as JaxArray[], m: [] as JaxArray[], v: [] as JaxArray[] };
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      const mi = m[i]!.mul(ADAM.beta1).add(g.ref.mul(1 - ADAM.beta1));
      const vi = v[i]!.mul(ADAM.beta2).add(np.square(g).mul(1 - ADAM.beta2));
      const mHat = mi.ref.mul(c1.ref);
      const vHat = vi.ref.mul(c2.ref);
      out.params.push(params[i]!.sub(mHat.div(np.sqrt(vHat).add(ADAM.eps)).mul(ADAM.learningRate)));
      out.m.push(mi);
      out.v.push(vi);
    }
    return out;
  };
  type State = {
    d: JaxArray[];
    g: JaxArray[];
    avg: JaxArray[];
    dm: JaxArray[];
    dv: JaxArray[];
    gm: JaxArray[];
    gv: JaxArray[];
  };
  const refs = (xs: JaxArray[]): JaxArray[] => xs.map((a) => a.ref);
  const step = jax.jit((s: State, c1: JaxArray, c2: JaxArray, x: JaxArray[]) => {
    const [condD, resD, zD, condG, zG] = x as [JaxArray, JaxArray, JaxArray, JaxArray, JaxArray];
    const fake = net(s.g, np.concatenate([condD.ref, zD], 1));
    const [dValue, dGrads] = dVG(refs(s.d), condD, resD, fake) as unknown as [JaxArray, JaxArray[]];
    const d = adamUpdate(s.d, dGrads, s.dm, s.dv, c1, c2);
    const [gValue, gGrads] = gVG(refs(s.g), condG, zG, refs(d.params)) as unknown as [JaxArray, JaxArray[]];
    const g = adamUpdate(s.g, gGrads, s.gm, s.gv, c1, c2);
    c1.dispose();
    c2.dispose();
    const avg = s.avg.map((a, i) => a.mul(EMA).add(g.params[i]!.ref.mul(1 - EMA)));
    const next: State = { d: d.params, g: g.params, avg, dm: d.m, dv: d.v, gm: g.m, gv: g.v };
    return [[dValue, gValue], next];
  });
  const d0 = leaves(problem.discriminator);
  const g0 = leaves(problem.generator);
  let state: State = {
    d: d0,
    g: g0,
    avg: leaves(problem.generator),
    dm: d0.map((a) => np.zerosLike(a.ref)),
    dv: d0.map((a) => np.zerosLike(a.ref)),
    gm: g0.map((a) => np.zerosLike(a.ref)),
    gv: g0.map((a) => np.zerosLike(a.ref)),
  };
  let t = 0;
  return {
    library: "jax-js (jit, wasm)",
    dtype,
    step: () => {
      const x = inputs[t % inputs.length]!;
      t++;
      const c1 = typed([1 / (1 - ADAM.beta1 ** t)], []);
      const c2 = typed([1 / (1 - ADAM.beta2 ** t)], []);
      const [[dValue, gValue], next] = step(state, c1, c2, refs(x)) as unknown as [[JaxArray, JaxArray], State];
      state = next;
      return {
        discriminatorLoss: (dValue.dataSync() as ArrayLike<number>)[0]!,
        generatorLoss: (gValue.dataSync() as ArrayLike<number>)[0]!,
      };
    },
    dispose: () => {
      for (const list of Object.values(state)) dispose(list);
      dispose(inputs.flat());
      (step as unknown as { dispose?: () => void }).dispose?.();
    },
  };
}
