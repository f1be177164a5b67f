/**
 * Stochastic variational inference (Hoffman et al. 2013; Ranganath, Gerrish & Blei 2014):
 * fit the parameters of a guide q to a model p by stochastic gradient steps on the negative
 * ELBO, as NumPyro's `SVI`. The state is explicit and plain (parameters, optimiser state,
 * baseline, key): a run is a pure function of its key and reproducible bit for bit.
 * @module
 */
import { valueAndGrad } from "../../autodiff/index.js";
import type { Constraint } from "../../distributions/constraints.js";
import { ParameterError } from "../../distributions/validation.js";
import type { Optimizer, OptimizerState } from "../../optim/index.js";
import type { Model } from "../../ppl/potential-energy.js";
import { type Key, split } from "../../random/index.js";
import { type TensorLike, Tensor } from "../../tensor/tensor.js";
import { type BaselineState, initialBaseline } from "./baseline.js";
import { type ElboEstimate, type ElboLoss, TraceELBO } from "./elbo.js";
import type { Guide } from "./guide-model-traces.js";
import { collectParams, constrainParams, unconstrainParams } from "./params.js";

/** Everything that changes from step to step. Treat as immutable. */
export interface SVIState<S extends OptimizerState = OptimizerState> {
  /** The parameters on the unconstrained scale (what the optimiser updates). */
  readonly params: Readonly<Record<string, Tensor>>;
  /** Each parameter's constraint (its value is bijectTo(constraint) of the unconstrained one). */
  readonly constraints: Readonly<Record<string, Constraint>>;
  readonly optState: S;
  /** The score-function baseline (see {@link BaselineState}). */
  readonly baseline: BaselineState;
  /** The key the next step splits its draws from. */
  readonly key: Key;
  /** Number of steps taken. */
  readonly step: number;
}

/** The result of one step. */
export interface SVIStep<S extends OptimizerState = OptimizerState> {
  readonly state: SVIState<S>;
  /** The negative-ELBO estimate at the parameters before the step. */
  readonly loss: number;
}

/** What {@link SVIRunOptions.onProgress} is told after each step. */
export interface SVIProgress {
  readonly step: number;
  readonly numSteps: number;
  readonly loss: number;
}

/** Options of {@link SVI.run}. */
export interface SVIRunOptions<S extends OptimizerState = OptimizerState> {
  /** Called after each step; returning `false` stops the run early. */
  onProgress?: (progress: SVIProgress) => boolean | void;
  /** Skip steps whose loss or gradient is not finite instead of throwing (NumPyro's `stable_update`). */
  stableUpdate?: boolean;
  /** Constrained initial values of some params, overriding the programs' initial values. */
  initParams?: Readonly<Record<string, TensorLike>>;
  /** Continue from this state instead of initialising (the key argument is then unused). */
  initState?: SVIState<S>;
}

/** The outcome of {@link SVI.run}. */
export interface SVIRunResult<S extends OptimizerState = OptimizerState> {
  /** The constrained parameter values after the last step. */
  readonly params: Record<string, Tensor>;
  /** `losses[i]` is the negative-ELBO estimate of step i. */
  readonly losses: Float64Array;
  readonly state: SVIState<S>;
}

/**
 * SVI over `model` with `guide`, `optimizer` and `loss` (default {@link TraceELBO}()).
 *
 * @example
 * const guide = AutoNormal(model);
 * const svi = new SVI(model, guide, adam({ learningRate: 0.01 }), TraceELBO());
 * const { params, losses } = svi.run(key(0), 2000, data);
 */
export class SVI<A, S extends OptimizerState = OptimizerState> {
  constructor(
    readonly model: Model<A>,
    readonly guide: Guide<A>,
    readonly optimizer: Optimizer<S>,
    readonly loss: ElboLoss = TraceELBO(),
  ) {
    if (typeof model !== "function") throw new Error(`SVI: model must be a function, got ${typeof model}`);
    if (typeof guide !== "function") throw new Error(`SVI: guide must be a function, got ${typeof guide}`);
  }

  /**
   * The initial state: runs the guide and the model once (with a key split from `key`) to
   * find their params and check that the guide samples exactly the model's latent sites.
   */
  init(key: Key, args: A, options: { initParams?: Readonly<Record<string, TensorLike>> } = {}): SVIState<S> {
    const [initKey, runKey] = split(key);
    const { values, constraints } = collectParams(this.model, this.guide, initKey!, args, options.initParams);
    const params = unconstrainParams(values, constraints);
    return {
      params,
      constraints,
      optState: this.optimizer.init(params),
      baseline: initialBaseline(),
      key: runKey!,
      step: 0,
    };
  }

  /** The constrained parameter values of `state` (what the guide's `param` sites return). */
  getParams(state: SVIState<S>): Record<string, Tensor> {
    const out = constrainParams(state.params, state.constraints);
    for (const k of Object.keys(out)) out[k] = new Tensor(Float64Array.from(out[k]!.data), out[k]!.shape);
    return out;
  }

  /**
   * One step: estimate the loss and its gradient with a key split from the state's, and
   * apply the optimiser. Throws, naming the step and the offending sites or params, when the
   * loss or its gradient is not finite.
   */
  update(state: SVIState<S>, args: A): SVIStep<S> {
    const step = this.tryStep(state, args);
    if ("error" in step) throw step.error;
    return step;
  }

  /** Like {@link update}, but a step whose loss or gradient is not finite leaves the parameters unchanged. */
  stableUpdate(state: SVIState<S>, args: A): SVIStep<S> {
    const step = this.tryStep(state, args);
    if (!("error" in step)) return step;
    if (!step.recoverable) throw step.error;
    const [next] = split(state.key);
    return { state: { ...state, key: next!, step: state.step + 1 }, loss: step.loss };
  }

  /** The loss estimate at `state` without a step (the key of the state is not advanced). */
  evaluate(state: SVIState<S>, args: A): number {
    const [, sub] = split(state.key);
    return this.estimate(state, sub!, args, state.params).loss;
  }

  /** Initialise (unless `options.initState`) and take `numSteps` steps. */
  run(key: Key, numSteps: number, args: A, options: SVIRunOptions<S> = {}): SVIRunResult<S> {
    if (!Number.isInteger(numSteps) || numSteps < 0)
      throw new Error(`SVI.run: numSteps must be a non-negative integer, got ${numSteps}`);
    let state = options.initState ?? this.init(key, args, { initParams: options.initParams });
    const losses = new Float64Array(numSteps);
    let done = 0;
    while (done < numSteps) {
      const result = options.stableUpdate ? this.stableUpdate(state, args) : this.update(state, args);
      state = result.state;
      losses[done++] = result.loss;
      if (options.onProgress?.({ step: done - 1, numSteps, loss: result.loss }) === false) break;
    }
    return { params: this.getParams(state), losses: losses.slice(0, done), state };
  }

  private estimate(
    state: SVIState<S>,
    key: Key,
    args: A,
    unconstrained: Readonly<Record<string, Tensor>>,
  ): ElboEstimate {
    const params = constrainParams(unconstrained, state.constraints);
    return this.loss.estimate(this.model, this.guide, key, params, args, state.baseline);
  }

  /** The loss estimate and the gradient of its surrogate with respect to the unconstrained params. */
  private lossAndGrad(
    state: SVIState<S>,
    key: Key,
    args: A,
  ): { estimate: ElboEstimate; grads: Record<string, Tensor> } {
    const captured: { estimate?: ElboEstimate } = {};
    const [, grads] = valueAndGrad((u: Record<string, Tensor>) => {
      captured.estimate = this.estimate(state, key, args, u);
      return captured.estimate.surrogateLoss;
    })(state.params as Record<string, Tensor>);
    return { estimate: captured.estimate!, grads };
  }

  private tryStep(state: SVIState<S>, args: A): SVIStep<S> | { error: Error; recoverable: boolean; loss: number } {
    const [next, sub] = split(state.key);
    let estimate: ElboEstimate;
    let grads: Record<string, Tensor>;
    try {
      ({ estimate, grads } = this.lossAndGrad(state, sub!, args));
    } catch (e) {
      const error = new Error(`SVI: step ${state.step} failed: ${(e as Error).message}`, { cause: e });
      // a parameter pushed out of its domain by a bad step is what stable updates skip
      return { error, recoverable: e instanceof ParameterError, loss: NaN };
    }
    const loss = estimate.loss;
    const problem = nonFiniteProblem(estimate, grads);
    if (problem !== null)
      return { error: new Error(`SVI: at step ${state.step}, ${problem}`), recoverable: true, loss };
    const { params, state: optState } = this.optimizer.update(
      grads,
      state.optState,
      state.params as Record<string, Tensor>,
    );
    return {
      state: {
        params,
        constraints: state.constraints,
        optState,
        baseline: estimate.baseline,
        key: next!,
        step: state.step + 1,
      },
      loss,
    };
  }
}

/** What is not finite in a step's loss or gradient, or null when all is finite. */
function nonFiniteProblem(estimate: ElboEstimate, grads: Readonly<Record<string, Tensor>>): string | null {
  const loss = estimate.loss;
  if (!Number.isFinite(loss)) {
    const where =
      estimate.nonFinite.length > 0 ? estimate.nonFinite.join("; ") : "no single site's log-density is to blame";
    return `the loss is ${loss}: ${where}`;
  }
  for (const [name, g] of Object.entries(grads)) {
    const bad = g.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      return `the gradient with respect to param '${name}' is ${g.data[bad]} (element ${bad}), with loss ${loss}`;
  }
  return null;
}
