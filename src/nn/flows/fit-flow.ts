/**
 * Maximum-likelihood fitting of a flow to data: minimise the mean negative log-density of
 * minibatches with Adam (by default), held-out log-likelihood after every epoch, and the
 * parameters of the best epoch returned. A thin layer over the nn training loop (../fit.ts).
 * @module
 */
import { mean, neg } from "../../autodiff/index.js";
import { adam } from "../../optim/adam.js";
import type { Optimizer, OptimizerState } from "../../optim/optimizer.js";
import type { Key } from "../../random/index.js";
import { split } from "../../random/index.js";
import { formatShape } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Tree } from "../../tensor/tree.js";
import { type Dataset, type EpochRecord, fit } from "../fit.js";
import { FlowDistributionImpl } from "./flow-distribution.js";
import type { FlowLayer } from "./layer.js";

/** Examples `data[i]` (shape [n, d]) with, for a conditional flow, contexts `context[i]` ([n, c]). */
export interface FlowData {
  readonly data: Tensor;
  readonly context?: Tensor;
}

/** Options of {@link fitFlow}. */
export interface FitFlowOptions<P extends Tree, S extends OptimizerState> extends FlowData {
  /** Seeds the initial parameters (unless given) and the minibatch order. */
  readonly key: Key;
  /** Initial parameters. Default: `flow.init` with a key split from `key`. */
  readonly params?: P;
  /** Passes over the data. */
  readonly epochs: number;
  /** Examples per minibatch. Default 256. */
  readonly batchSize?: number;
  /** Default: Adam with learning rate 1e-3. */
  readonly optimizer?: Optimizer<S>;
  /** Held-out examples: their mean log-likelihood is recorded after every epoch, and the best epoch's parameters returned. */
  readonly validation?: FlowData;
  /** Stop after this many epochs without held-out improvement (needs `validation`). */
  readonly patience?: number;
}

/** The outcome of {@link fitFlow}. */
export interface FitFlowResult<P extends Tree> {
  /** The best epoch's parameters (by held-out log-likelihood), or the last epoch's without validation. */
  readonly params: P;
  /** The parameters after the last epoch. */
  readonly lastParams: P;
  /** Per epoch: mean training log-likelihood (a running figure, before each update). */
  readonly trainLogLikelihood: number[];
  /** Per epoch: mean held-out log-likelihood at the epoch's end (empty without validation). */
  readonly heldOutLogLikelihood: number[];
  readonly bestEpoch: number;
}

function checkFlowData(who: string, what: string, flow: FlowLayer, d: FlowData): Dataset {
  const { data, context } = d;
  if (data === undefined || data.ndim !== 2 || data.shape[1] !== flow.features)
    throw new Error(
      `${who}: ${what}.data must have shape [n, ${flow.features}], got ${data === undefined ? "nothing" : formatShape(data.shape)}`,
    );
  if (flow.contextFeatures > 0) {
    if (
      context === undefined ||
      context.ndim !== 2 ||
      context.shape[0] !== data.shape[0] ||
      context.shape[1] !== flow.contextFeatures
    )
      throw new Error(
        `${who}: the flow is conditional: ${what}.context must have shape [${data.shape[0]}, ${flow.contextFeatures}], got ${context === undefined ? "nothing" : formatShape(context.shape)}`,
      );
    return { inputs: context, targets: data };
  }
  if (context !== undefined) throw new Error(`${who}: the flow is unconditional but ${what}.context was given`);
  return { inputs: data, targets: data };
}

/**
 * Fit a flow's parameters by maximum likelihood: minimise −mean log p(data | context) over
 * shuffled minibatches (epoch e's order from a key folded from `key` and e, so a run is
 * reproducible bit for bit).
 *
 * @example
 * const flow = realNVP({ features: 2, layers: 8 });
 * const { params } = fitFlow(flow, { data: x, key: key(0), epochs: 50, validation: { data: xTest } });
 */
export function fitFlow<P extends Tree, S extends OptimizerState = OptimizerState>(
  flow: FlowLayer<P>,
  options: FitFlowOptions<P, S>,
): FitFlowResult<P> {
  const train = checkFlowData("fitFlow", "options", flow, options);
  const validation =
    options.validation === undefined ? undefined : checkFlowData("fitFlow", "validation", flow, options.validation);
  const [initKey, orderKey] = split(options.key, 2) as [Key, Key];
  const conditional = flow.contextFeatures > 0;
  const loss = (params: P, batch: Dataset): Tensor => {
    const dist = new FlowDistributionImpl(flow, params, {
      validateArgs: false,
      ...(conditional ? { context: batch.inputs } : {}),
    });
    return neg(mean(dist.logProb(batch.targets)));
  };
  const result = fit({
    loss,
    params: options.params ?? flow.init(initKey),
    data: train,
    batchSize: options.batchSize ?? 256,
    epochs: options.epochs,
    optimizer: (options.optimizer ?? adam({ learningRate: 1e-3 })) as Optimizer<OptimizerState>,
    key: orderKey,
    ...(validation === undefined ? {} : { validation }),
    ...(options.patience === undefined ? {} : { patience: options.patience }),
  });
  const history: EpochRecord[] = result.history;
  return {
    params: result.params,
    lastParams: result.lastParams,
    trainLogLikelihood: history.map((h) => -h.trainLoss),
    heldOutLogLikelihood: history.flatMap((h) => (h.validationLoss === undefined ? [] : [-h.validationLoss])),
    bestEpoch: result.bestEpoch,
  };
}
