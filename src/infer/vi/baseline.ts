/**
 * Baselines for the score-function (REINFORCE) gradient estimator. For a guide site drawn
 * without reparameterisation, ∇E_q[f] contains E_q[f ∇log q]; subtracting a baseline b that
 * does not depend on the draw keeps it unbiased (E_q[∇log q] = 0) and, with b ≈ E_q[f], cuts
 * its variance (Williams 1992; Ranganath, Gerrish & Blei 2014, "Black box variational
 * inference", §2.2; Mnih & Gregor 2014).
 *
 * The baseline state is plain data that the caller carries from step to step (it lives in
 * the SVI state, not in a hidden store as Pyro's `param("__baseline...")`).
 * @module
 */

/** Which baseline the score-function terms subtract. */
export type BaselineKind = "decaying-average" | "leave-one-out" | "none";

/** The baseline carried between steps: the decaying average of the ELBO, null before the first step. */
export interface BaselineState {
  readonly average: number | null;
}

/** The state before any step. */
export function initialBaseline(): BaselineState {
  return { average: null };
}

/**
 * The baseline for each particle's ELBO value `f[i]`.
 *
 * - `"decaying-average"`: the average of earlier steps' ELBO estimates (Pyro's
 *   `use_decaying_avg_baseline`), the same for all particles. It is the average *before*
 *   this step, so it does not depend on this step's draws. Before the first step there is
 *   none and b = 0 (Pyro starts its average at 0 too).
 * - `"leave-one-out"`: b_i = mean of the other particles' values (Kool, van Hoof & Welling
 *   2019, "Buy 4 REINFORCE samples, get a baseline for free!"), independent of draw i.
 * - `"none"`: b = 0.
 */
export function baselineValues(kind: BaselineKind, state: BaselineState, f: readonly number[]): number[] {
  switch (kind) {
    case "none":
      return f.map(() => 0);
    case "decaying-average":
      return f.map(() => state.average ?? 0);
    case "leave-one-out": {
      const n = f.length;
      if (n < 2) throw new Error(`leave-one-out baseline: needs at least 2 particles, got ${n}`);
      const total = f.reduce((a, b) => a + b, 0);
      return f.map((fi) => (total - fi) / (n - 1));
    }
  }
}

/**
 * The state after a step whose particles had ELBO values `f`: avg ← decay·avg + (1 − decay)·mean(f).
 * The first step sets the average to mean(f) itself rather than Pyro's (1 − decay)·mean(f)
 * (an average started at 0), so the baseline is on the ELBO's scale from the second step on;
 * this is the bias correction Adam applies to its moment estimates. Non-finite estimates
 * leave the state unchanged.
 */
export function updateBaseline(state: BaselineState, f: readonly number[], decay: number): BaselineState {
  const m = f.reduce((a, b) => a + b, 0) / f.length;
  if (!Number.isFinite(m)) return state;
  if (state.average === null) return { average: m };
  return { average: decay * state.average + (1 - decay) * m };
}
