/**
 * Training the conditional GAN of `./conditional-gan.ts` on clean/perturbed pairs.
 *
 * Losses (Goodfellow et al. 2014, section 3, the non-saturating variant): the discriminator
 * minimises −log σ(D(real)) − log(1 − σ(D(fake))) = softplus(−D(real)) + softplus(D(fake)); the
 * generator minimises −log σ(D(fake)) = softplus(−D(fake)), whose gradient does not vanish while
 * the discriminator still wins easily (unlike log(1 − σ(D(fake)))).
 *
 * Stabiliser: the R1 penalty (γ/2)·E_real ‖∇_residual D‖² on the discriminator (Mescheder et al.
 * 2018, eq. 9), which makes simultaneous gradient descent locally convergent. The input gradient
 * inside the loss comes from the closed-form MLP backpropagation of
 * `discriminatorWithInputGradient` (our autodiff has no second derivatives). The penalty is
 * on the residual part of the input only: the generator controls that part; clean and context
 * are conditions it cannot move.
 *
 * Optimiser: Adam with β1 = 0.5, β2 = 0.9 by default (see {@link ConditionalGANConfig}), one per
 * network; the model keeps a moving average of the generator's weights (Yazıcı et al. 2019).
 * Minibatches: the pairs are reshuffled every pass, each pass's order drawn from its
 * own key, so a run is a pure function of the key and the config.
 * @module
 */
import { valueAndGrad } from "../../autodiff/grad.js";
import { add, concat, mean, mul, neg, softplus, square, sum } from "../../autodiff/index.js";
import { initMLP, mlp, type MLPParams } from "../../nn/mlp.js";
import { adam } from "../../optim/adam.js";
import { type Key, checkKey, fold, split } from "../../random/key.js";
import { normal } from "../../random/normal.js";
import { permutation } from "../../random/permutation.js";
import { Tensor } from "../../tensor/tensor.js";
import {
  type ConditionalGANConfig,
  ConditionalGAN,
  type GANHistoryEntry,
  type GANStandardization,
  checkMatrix,
  discriminatorConfig,
  discriminatorWithInputGradient,
  generatorConfig,
  resolveGANConfig,
  standardizeColumns,
} from "./conditional-gan.js";

/** Clean/perturbed training pairs, with an optional sensor context per pair. */
export interface ObservationPairs {
  /** Clean observations, [N, D]. */
  readonly clean: Tensor;
  /** Their perturbed versions, [N, D]. */
  readonly perturbed: Tensor;
  /** Sensor context of each pair (e.g. sensor id one-hot, time of day), [N, C]. */
  readonly context?: Tensor;
}

/** Validated pairs: N, D and C (0 without a context). */
export function checkPairs(who: string, pairs: ObservationPairs): { n: number; d: number; c: number } {
  if (pairs === null || typeof pairs !== "object")
    throw new Error(`${who}: pairs { clean, perturbed, context? } are required, got ${String(pairs)}`);
  const n = checkMatrix(who, "pairs.clean", pairs.clean);
  const d = pairs.clean.shape[1]!;
  checkMatrix(who, "pairs.perturbed", pairs.perturbed, d, n);
  if (n < 2) throw new Error(`${who}: needs at least 2 pairs, got ${n}`);
  const c =
    pairs.context === undefined
      ? 0
      : (checkMatrix(who, "pairs.context", pairs.context, undefined, n), pairs.context.shape[1]!);
  const finite = (t: Tensor, what: string) => {
    const i = t.data.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) throw new Error(`${who}: ${what} holds ${t.data[i]} at flat index ${i}, expected finite values`);
  };
  finite(pairs.clean, "pairs.clean");
  finite(pairs.perturbed, "pairs.perturbed");
  if (pairs.context !== undefined) finite(pairs.context, "pairs.context");
  return { n, d, c };
}

/**
 * Column means and population standard deviations of [N, k] data; a constant column gets
 * scale 1 (it is then only centred), so a dimension the perturbation never touches is no error.
 */
export function columnStatistics(x: Tensor): { loc: number[]; scale: number[] } {
  const [n, k] = x.shape as [number, number];
  const loc = new Array<number>(k).fill(0);
  const sq = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) loc[j]! += x.data[i * k + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sq[j]! += (x.data[i * k + j]! - loc[j]!) ** 2 / n;
  const scale = sq.map((v) => {
    const s = Math.sqrt(v);
    return s > 1e-12 ? s : 1;
  });
  return { loc, scale };
}

/** Rows `order[start..start + b)` of a plain [N, k] tensor. */
function rows(t: Tensor, order: Int32Array, start: number, b: number): Tensor {
  const k = t.shape[1]!;
  const out = new Float64Array(b * k);
  for (let i = 0; i < b; i++) out.set(t.data.subarray(order[start + i]! * k, (order[start + i]! + 1) * k), i * k);
  return new Tensor(out, [b, k]);
}

/**
 * Train a conditional GAN on clean/perturbed pairs (see the module comment for the losses,
 * penalty and optimiser). `config` entries left out take {@link DEFAULT_GAN_CONFIG}'s values.
 * Reproducible bit for bit from `key` and `config`.
 *
 * @example
 * const gan = trainConditionalGAN({ clean, perturbed }, key(0), { steps: 1500 });
 * const draws = gan.sample(key(1), cleanTest); // [M, D]
 */
export function trainConditionalGAN(
  pairs: ObservationPairs,
  key: Key,
  config: Partial<ConditionalGANConfig> = {},
): ConditionalGAN {
  const who = "trainConditionalGAN";
  checkKey(key, who);
  const cfg = resolveGANConfig(config);
  const { n, d, c } = checkPairs(who, pairs);
  const residual = new Tensor(
    pairs.perturbed.data.map((v, i) => v - pairs.clean.data[i]!),
    pairs.clean.shape,
  );
  const cs = columnStatistics(pairs.clean);
  const xs = pairs.context === undefined ? { loc: [], scale: [] } : columnStatistics(pairs.context);
  const rs = columnStatistics(residual);
  const standardization: GANStandardization = {
    cleanLoc: cs.loc,
    cleanScale: cs.scale,
    contextLoc: xs.loc,
    contextScale: xs.scale,
    residualLoc: rs.loc,
    residualScale: rs.scale,
  };
  const condAll =
    pairs.context === undefined
      ? standardizeColumns(pairs.clean, cs.loc, cs.scale)
      : concat(
          [standardizeColumns(pairs.clean, cs.loc, cs.scale), standardizeColumns(pairs.context, xs.loc, xs.scale)],
          1,
        );
  const resAll = standardizeColumns(residual, rs.loc, rs.scale);

  const gConfig = generatorConfig(cfg, d, c);
  const dConfig = discriminatorConfig(cfg, d, c);
  const [gKey, dKey, shuffleKey, noiseKey] = split(key, 4) as [Key, Key, Key, Key];
  let gParams: MLPParams = initMLP(gKey, gConfig);
  // The output layer starts at zero: the untrained generator is clean + mean residual.
  const last = gParams.layers.length - 1;
  gParams = {
    layers: gParams.layers.map((l, i) =>
      i === last
        ? { weight: new Tensor(new Float64Array(l.weight.size), l.weight.shape), ...(l.bias ? { bias: l.bias } : {}) }
        : l,
    ),
  };
  let dParams: MLPParams = initMLP(dKey, dConfig);
  const adamOf = (lr: number) => adam({ learningRate: lr, beta1: cfg.beta1, beta2: cfg.beta2 });
  const gOpt = adamOf(cfg.generatorLearningRate);
  const dOpt = adamOf(cfg.discriminatorLearningRate);
  let gState = gOpt.init(gParams);
  let dState = dOpt.init(dParams);

  const b = Math.min(cfg.batchSize, n);
  let pass = 0;
  let order = permutation(fold(shuffleKey, 0), n);
  let cursor = 0;
  const nextBatch = (): { cond: Tensor; res: Tensor } => {
    if (cursor + b > n) {
      pass++;
      order = permutation(fold(shuffleKey, pass), n);
      cursor = 0;
    }
    const batch = { cond: rows(condAll, order, cursor, b), res: rows(resAll, order, cursor, b) };
    cursor += b;
    return batch;
  };

  // The fake residuals are inputs of the discriminator's loss, the discriminator a constant of
  // the generator's: each loss closes over the other network's current parameters.
  let batch = { cond: condAll, res: resAll };
  let fake = resAll;
  let z = resAll;
  let r1 = 0;
  let dReal = 0;
  const halfGamma = cfg.r1Weight / 2;
  const dLoss = valueAndGrad((p: MLPParams) => {
    const real = concat([batch.cond, batch.res], 1);
    const fakeIn = concat([batch.cond, fake], 1);
    const fakeLogits = mlp(p, fakeIn, dConfig);
    let realLogits: Tensor;
    let penalty: Tensor | null = null;
    if (halfGamma > 0) {
      const both = discriminatorWithInputGradient(p, real, dConfig, d);
      realLogits = both.logits;
      penalty = mul(halfGamma, mean(sum(square(both.inputGradient), 1)));
      r1 = penalty.data[0]!;
    } else realLogits = mlp(p, real, dConfig);
    const adversarial = add(mean(softplus(neg(realLogits))), mean(softplus(fakeLogits)));
    dReal = adversarial.data[0]!;
    return penalty === null ? adversarial : add(adversarial, penalty);
  });
  const gLoss = valueAndGrad((p: MLPParams) => {
    const generated = mlp(p, concat([batch.cond, z], 1), gConfig);
    return mean(softplus(neg(mlp(dParams, concat([batch.cond, generated], 1), dConfig))));
  });

  // The moving average of the generator's weights (see ConditionalGANConfig.generatorAverageDecay).
  const decay = cfg.generatorAverageDecay;
  let average: MLPParams = gParams;
  const updateAverage = () => {
    average = {
      layers: average.layers.map((l, i) => {
        const cur = gParams.layers[i]!;
        const mix = (a: Tensor, c: Tensor) =>
          new Tensor(
            a.data.map((v, j) => decay * v + (1 - decay) * c.data[j]!),
            a.shape,
          );
        return l.bias === undefined
          ? { weight: mix(l.weight, cur.weight) }
          : { weight: mix(l.weight, cur.weight), bias: mix(l.bias, cur.bias!) };
      }),
    };
  };
  const history: GANHistoryEntry[] = [];
  let acc = { d: 0, g: 0, r1: 0, k: 0 };
  for (let step = 0; step < cfg.steps; step++) {
    const [dNoise, gNoise] = split(fold(noiseKey, step), 2) as [Key, Key];
    for (let k = 0; k < cfg.discriminatorSteps; k++) {
      batch = nextBatch();
      z = normal(fold(dNoise, k), [b, cfg.latentDim]);
      fake = mlp(gParams, concat([batch.cond, z], 1), gConfig);
      const [, grads] = dLoss(dParams);
      ({ params: dParams, state: dState } = dOpt.update(grads, dState, dParams));
    }
    batch = nextBatch();
    z = normal(gNoise, [b, cfg.latentDim]);
    const [gValue, gGrads] = gLoss(gParams);
    ({ params: gParams, state: gState } = gOpt.update(gGrads, gState, gParams));
    if (decay > 0) updateAverage();
    const g = gValue.data[0]!;
    if (!Number.isFinite(g) || !Number.isFinite(dReal) || !Number.isFinite(r1))
      throw new Error(
        `${who}: training diverged at step ${step + 1} (discriminator loss ${dReal}, generator loss ${g}, R1 ${r1}); lower the learning rates or raise r1Weight`,
      );
    acc = { d: acc.d + dReal, g: acc.g + g, r1: acc.r1 + r1, k: acc.k + 1 };
    if ((step + 1) % cfg.logEvery === 0 || step === cfg.steps - 1) {
      history.push({
        step: step + 1,
        discriminatorLoss: acc.d / acc.k,
        generatorLoss: acc.g / acc.k,
        r1Penalty: acc.r1 / acc.k,
      });
      acc = { d: 0, g: 0, r1: 0, k: 0 };
    }
  }
  return new ConditionalGAN(
    cfg,
    { key: Array.from(key), examples: n, dataFeatures: d, contextFeatures: c },
    standardization,
    decay > 0 ? average : gParams,
    dParams,
    history,
  );
}
