/**
 * A minibatch training loop: shuffled minibatches each epoch, any optimiser over trees,
 * optional validation with early stopping that keeps the best parameters.
 * @module
 */
import { Tensor, asTensor, type TensorLike } from "../tensor/tensor.js";
import { formatShape } from "../tensor/shape.js";
import type { Tree } from "../tensor/tree.js";
import { valueAndGrad } from "../autodiff/grad.js";
import { type Key, checkKey, fold } from "../random/key.js";
import { permutation } from "../random/permutation.js";
import type { Optimizer, OptimizerState } from "../optim/optimizer.js";
import { checkOptions, nonNegative, nonNegativeInteger } from "../optim/validate.js";

/** Examples along the first axis of both tensors: `inputs[i]` goes with `targets[i]`. */
export type Dataset = { readonly inputs: Tensor; readonly targets: Tensor };

/** One epoch's entry in {@link FitResult.history}. */
export type EpochRecord = {
  /** Epoch index, from 0. */
  readonly epoch: number;
  /**
   * Mean of the epoch's minibatch losses weighted by batch size, each taken before its
   * update (as Keras reports it): a running figure over parameters that change during the epoch.
   */
  readonly trainLoss: number;
  /** The loss on the whole validation set with the parameters at the end of the epoch. */
  readonly validationLoss?: number;
};

/** What {@link FitOptions.onEpoch} is told after each epoch. */
export type EpochProgress<P extends Tree> = EpochRecord & {
  /** Parameters at the end of the epoch. */
  readonly params: P;
  /** Epoch with the lowest validation loss so far (the current one without validation). */
  readonly bestEpoch: number;
};

/** Options of {@link fit}. */
export type FitOptions<P extends Tree, S extends OptimizerState> = {
  /** Scalar loss of the parameters on a minibatch (also applied to the whole validation set). */
  readonly loss: (params: P, batch: Dataset) => TensorLike;
  /** Initial parameters. */
  readonly params: P;
  /** Training examples. */
  readonly data: Dataset;
  /** Examples per minibatch; the last minibatch of an epoch holds the remainder. */
  readonly batchSize: number;
  /** Maximum number of passes over the data. */
  readonly epochs: number;
  readonly optimizer: Optimizer<S>;
  /** Epoch e visits the examples in the order `permutation(fold(key, e), n)`. */
  readonly key: Key;
  /** Held-out examples, scored after every epoch; the best-scoring parameters are returned. */
  readonly validation?: Dataset;
  /** Stop when the validation loss has not improved for this many epochs (needs `validation`). */
  readonly patience?: number;
  /** An improvement must lower the best validation loss by more than this (default 0). */
  readonly minDelta?: number;
  /** Called after each epoch; returning `false` stops training. */
  readonly onEpoch?: (progress: EpochProgress<P>) => boolean | void;
};

/** Why {@link fit} stopped. */
export type StopReason = "epochs" | "patience" | "callback";

/** The outcome of {@link fit}. */
export type FitResult<P extends Tree, S extends OptimizerState> = {
  /** The parameters of {@link bestEpoch}: lowest validation loss, or the last epoch without validation. */
  readonly params: P;
  /** The parameters after the last epoch run (equal to `params` when that epoch was the best). */
  readonly lastParams: P;
  /** The optimiser state after the last epoch run. */
  readonly state: S;
  readonly history: EpochRecord[];
  /** Index of the epoch whose parameters are returned; -1 if no epoch ran. */
  readonly bestEpoch: number;
  /** True when training stopped before `epochs` (patience ran out, or `onEpoch` returned false). */
  readonly stoppedEarly: boolean;
  readonly stopReason: StopReason;
};

/** Throw unless `d` holds tensors with the same, non-zero number of examples; returns that number. */
function checkDataset(d: Dataset, what: string): number {
  if (d === null || typeof d !== "object")
    throw new Error(`fit: ${what} must be { inputs, targets }, got ${String(d)}`);
  const { inputs, targets } = d;
  for (const [name, t] of [
    ["inputs", inputs],
    ["targets", targets],
  ] as const)
    if (!(t instanceof Tensor) || t.ndim === 0)
      throw new Error(
        `fit: ${what}.${name} must be a tensor with examples along its first axis, got ${t instanceof Tensor ? "a scalar" : String(t)}`,
      );
  const n = inputs.shape[0]!;
  if (targets.shape[0] !== n)
    throw new Error(
      `fit: ${what}.inputs ${formatShape(inputs.shape)} and ${what}.targets ${formatShape(targets.shape)} must have the same number of examples (first axis)`,
    );
  if (n === 0) throw new Error(`fit: ${what} has no examples`);
  return n;
}

/** Rows `order[start..end)` of `t` (along its first axis), copied into a new tensor. */
function gatherRows(t: Tensor, order: Int32Array, start: number, end: number): Tensor {
  const rowSize = t.size / t.shape[0]!;
  const out = new Float64Array((end - start) * rowSize);
  for (let i = start; i < end; i++) {
    const r = order[i]! * rowSize;
    out.set(t.data.subarray(r, r + rowSize), (i - start) * rowSize);
  }
  return new Tensor(out, [end - start, ...t.shape.slice(1)]);
}

/** The value of a loss that must be a finite scalar, or an error saying where it was not. */
function scalarLoss(value: TensorLike, where: string): number {
  const v = asTensor(value);
  if (v.size !== 1) throw new Error(`fit: the loss must be a scalar, got shape ${formatShape(v.shape)} ${where}`);
  const x = v.data[0]!;
  if (!Number.isFinite(x)) throw new Error(`fit: the loss is ${x} ${where}`);
  return x;
}

/**
 * Train `params` by minibatch gradient descent with `optimizer`. Each epoch shuffles the
 * examples with a key folded from `key` and the epoch index, so a run is reproducible bit
 * for bit from its key. With `validation`, the loss on it is computed after every epoch and
 * the parameters of the best epoch are returned; `patience` stops training once the
 * validation loss has not improved for that many epochs (early stopping, Prechelt 1998).
 * Throws, naming the epoch and minibatch, if the loss is not a finite scalar.
 *
 * @example
 * const config = { inFeatures: 1, hidden: [32, 32], outFeatures: 1, activation: "tanh" } as const;
 * const { params, history } = fit({
 *   loss: (p, b) => mean(square(sub(mlp(p, b.inputs, config), b.targets))),
 *   params: initMLP(key(0), config), data: { inputs: x, targets: y },
 *   batchSize: 32, epochs: 200, optimizer: adam({ learningRate: 1e-2 }), key: key(1),
 *   validation: { inputs: xVal, targets: yVal }, patience: 20,
 * });
 */
export function fit<P extends Tree, S extends OptimizerState>(options: FitOptions<P, S>): FitResult<P, S> {
  checkOptions("fit", options, [
    "loss",
    "params",
    "data",
    "batchSize",
    "epochs",
    "optimizer",
    "key",
    "validation",
    "patience",
    "minDelta",
    "onEpoch",
  ]);
  const { loss, data, optimizer, validation, onEpoch } = options;
  if (typeof loss !== "function") throw new Error(`fit: loss must be a function (params, batch) => Tensor`);
  checkKey(options.key, "fit");
  const n = checkDataset(data, "data");
  if (validation !== undefined) checkDataset(validation, "validation");
  const batchSize = nonNegativeInteger("fit", "batchSize", options.batchSize);
  if (batchSize === 0) throw new Error("fit: batchSize must be an integer >= 1, got 0");
  const epochs = nonNegativeInteger("fit", "epochs", options.epochs);
  const minDelta = nonNegative("fit", "minDelta", options.minDelta ?? 0);
  let patience = Infinity;
  if (options.patience !== undefined) {
    if (validation === undefined) throw new Error("fit: patience needs a validation set to watch");
    patience = nonNegativeInteger("fit", "patience", options.patience);
  }

  // One gradient function for the whole run (its tree structure is cached per call site);
  // the minibatch it sees is swapped in before each call.
  let batch: Dataset = data;
  const lossAndGrad = valueAndGrad((p: P) => {
    const v = asTensor(loss(p, batch));
    if (v.size !== 1) throw new Error(`fit: the loss must be a scalar, got shape ${formatShape(v.shape)}`);
    return v;
  });

  let params = options.params;
  let state = optimizer.init(params);
  let best = { params, epoch: -1, loss: Infinity };
  const history: EpochRecord[] = [];
  let stopReason: StopReason = "epochs";
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = permutation(fold(options.key, epoch), n);
    let total = 0;
    for (let start = 0, b = 0; start < n; start += batchSize, b++) {
      const end = Math.min(start + batchSize, n);
      batch = {
        inputs: gatherRows(data.inputs, order, start, end),
        targets: gatherRows(data.targets, order, start, end),
      };
      const [value, grads] = lossAndGrad(params);
      total += scalarLoss(value, `at epoch ${epoch}, minibatch ${b}`) * (end - start);
      ({ params, state } = optimizer.update(grads, state, params));
    }
    const record: EpochRecord =
      validation === undefined
        ? { epoch, trainLoss: total / n }
        : {
            epoch,
            trainLoss: total / n,
            validationLoss: scalarLoss(loss(params, validation), `on the validation set after epoch ${epoch}`),
          };
    history.push(record);
    const score = record.validationLoss;
    const improved = score === undefined || score < best.loss - minDelta;
    if (improved) best = { params, epoch, loss: score ?? Infinity };
    const goOn = onEpoch?.({ ...record, params, bestEpoch: best.epoch });
    if (goOn === false) {
      stopReason = "callback";
      break;
    }
    // As Keras counts it: `patience` epochs in a row without improvement, so 0 stops at the first.
    if (!improved && epoch - best.epoch >= patience) {
      stopReason = "patience";
      break;
    }
  }
  return {
    params: best.params,
    lastParams: params,
    state,
    history,
    bestEpoch: best.epoch,
    stoppedEarly: stopReason !== "epochs",
    stopReason,
  };
}
