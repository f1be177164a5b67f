/**
 * The No-U-Turn Sampler transition, as specified by Stan (Hoffman & Gelman 2014; Betancourt
 * 2017, "A conceptual introduction to Hamiltonian Monte Carlo", §A.3–A.4):
 * - the trajectory doubles forwards or backwards at random until a U-turn or max depth;
 * - the new state is drawn by multinomial sampling over the trajectory, biased towards the
 *   newest subtree at the top level and uniform (progressive) within subtrees;
 * - the generalised U-turn criterion pᵀ♯ρ > 0 is checked on each merged subtree, plus the two
 *   extra checks across the subtree boundary that Stan added (2.26) to catch U-turns that
 *   straddle the merge;
 * - a divergence is declared when the energy error exceeds `maxDeltaEnergy` (1000).
 * @module
 */
import { leapfrog } from "./integrator.js";
import { type Metric, kineticEnergy, velocity } from "./metric.js";
import { type PhasePoint, type PotentialFn, copyPhasePoint, phasePoint } from "./potential.js";
import type { UniformStream } from "./uniform-stream.js";

export interface NutsOptions {
  /** Maximum tree depth: at most 2^maxTreeDepth − 1 leapfrog steps per transition (default 10). */
  maxTreeDepth?: number;
  /** Energy error beyond which a trajectory is declared divergent (default 1000). */
  maxDeltaEnergy?: number;
}

/** Per-transition statistics, named as in Stan's output. */
export interface TransitionStats {
  /** Mean Metropolis acceptance probability over the trajectory (the adaptation statistic). */
  acceptProb: number;
  stepSize: number;
  treeDepth: number;
  numSteps: number;
  diverging: boolean;
  /** Hamiltonian at the selected state. */
  energy: number;
  potentialEnergy: number;
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function addInto(out: Float64Array, a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
}

/** Generalised no-U-turn criterion: both ends still move in the direction of ρ. */
function noUTurn(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  return dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0;
}

/** Buffers for one recursion level of the tree builder (only one frame per level is live). */
interface LevelBuffers {
  pInitEnd: Float64Array;
  pSharpInitEnd: Float64Array;
  rhoInit: Float64Array;
  pFinalBeg: Float64Array;
  pSharpFinalBeg: Float64Array;
  rhoFinal: Float64Array;
  rhoExtended: Float64Array;
  proposeFinal: PhasePoint;
}

/** Accumulators shared by all leaves of one transition. */
interface Totals {
  numSteps: number;
  sumMetroProb: number;
  diverging: boolean;
  logSumWeight: number;
}

/**
 * A NUTS kernel for a fixed potential, metric and dimension. It owns scratch buffers, so one
 * instance serves one chain; `transition` is called once per iteration.
 */
export class NutsKernel {
  readonly maxTreeDepth: number;
  readonly maxDeltaEnergy: number;
  private readonly dim: number;
  private readonly scratch: Float64Array;
  private readonly levels: LevelBuffers[];
  private readonly zFwd: PhasePoint;
  private readonly zBck: PhasePoint;
  private readonly zSample: PhasePoint;
  private readonly zPropose: PhasePoint;
  private readonly top: {
    pSharpFwdBck: Float64Array;
    pSharpFwdFwd: Float64Array;
    pSharpBckFwd: Float64Array;
    pSharpBckBck: Float64Array;
    pFwdBck: Float64Array;
    pFwdFwd: Float64Array;
    pBckFwd: Float64Array;
    pBckBck: Float64Array;
    rho: Float64Array;
    rhoFwd: Float64Array;
    rhoBck: Float64Array;
    rhoExtended: Float64Array;
  };

  constructor(
    private readonly potential: PotentialFn,
    public metric: Metric,
    options: NutsOptions = {},
  ) {
    const { maxTreeDepth = 10, maxDeltaEnergy = 1000 } = options;
    if (!Number.isInteger(maxTreeDepth) || maxTreeDepth < 1)
      throw new Error(`NUTS: maxTreeDepth must be a positive integer, got ${maxTreeDepth}`);
    if (!(maxDeltaEnergy > 0)) throw new Error(`NUTS: maxDeltaEnergy must be > 0, got ${maxDeltaEnergy}`);
    this.maxTreeDepth = maxTreeDepth;
    this.maxDeltaEnergy = maxDeltaEnergy;
    const d = metric.dim;
    this.dim = d;
    const v = () => new Float64Array(d);
    this.scratch = v();
    this.levels = Array.from({ length: maxTreeDepth + 1 }, () => ({
      pInitEnd: v(),
      pSharpInitEnd: v(),
      rhoInit: v(),
      pFinalBeg: v(),
      pSharpFinalBeg: v(),
      rhoFinal: v(),
      rhoExtended: v(),
      proposeFinal: phasePoint(d),
    }));
    this.zFwd = phasePoint(d);
    this.zBck = phasePoint(d);
    this.zSample = phasePoint(d);
    this.zPropose = phasePoint(d);
    this.top = {
      pSharpFwdBck: v(),
      pSharpFwdFwd: v(),
      pSharpBckFwd: v(),
      pSharpBckBck: v(),
      pFwdBck: v(),
      pFwdFwd: v(),
      pBckFwd: v(),
      pBckBck: v(),
      rho: v(),
      rhoFwd: v(),
      rhoBck: v(),
      rhoExtended: v(),
    };
  }

  hamiltonian(z: PhasePoint): number {
    return z.potential + kineticEnergy(this.metric, z.p, this.scratch);
  }

  /**
   * One NUTS transition from `z` (whose momentum must already be drawn); on return `z` holds
   * the selected state (with the momentum it had on the trajectory).
   */
  transition(z: PhasePoint, stepSize: number, rng: UniformStream): TransitionStats {
    const t = this.top;
    const { zFwd, zBck, zSample, zPropose } = this;
    copyPhasePoint(z, zFwd);
    copyPhasePoint(z, zBck);
    copyPhasePoint(z, zSample);
    copyPhasePoint(z, zPropose);
    velocity(this.metric, z.p, t.pSharpFwdBck);
    t.pSharpFwdFwd.set(t.pSharpFwdBck);
    t.pSharpBckFwd.set(t.pSharpFwdBck);
    t.pSharpBckBck.set(t.pSharpFwdBck);
    t.pFwdBck.set(z.p);
    t.pFwdFwd.set(z.p);
    t.pBckFwd.set(z.p);
    t.pBckBck.set(z.p);
    t.rho.set(z.p);
    const H0 = this.hamiltonian(z);
    const totals: Totals = { numSteps: 0, sumMetroProb: 0, diverging: false, logSumWeight: 0 };
    let depth = 0;
    while (depth < this.maxTreeDepth) {
      t.rhoFwd.fill(0);
      t.rhoBck.fill(0);
      const sub: Totals = { numSteps: 0, sumMetroProb: 0, diverging: false, logSumWeight: -Infinity };
      let valid: boolean;
      if (rng.next() > 0.5) {
        // extend forwards from the forward end
        t.rhoBck.set(t.rho);
        t.pBckFwd.set(t.pFwdBck);
        t.pSharpBckFwd.set(t.pSharpFwdBck);
        valid = this.buildTree(
          depth,
          zFwd,
          zPropose,
          t.pSharpFwdBck,
          t.pSharpFwdFwd,
          t.rhoFwd,
          t.pFwdBck,
          t.pFwdFwd,
          H0,
          stepSize,
          sub,
          rng,
        );
      } else {
        t.rhoFwd.set(t.rho);
        t.pFwdBck.set(t.pBckFwd);
        t.pSharpFwdBck.set(t.pSharpBckFwd);
        valid = this.buildTree(
          depth,
          zBck,
          zPropose,
          t.pSharpBckFwd,
          t.pSharpBckBck,
          t.rhoBck,
          t.pBckFwd,
          t.pBckBck,
          H0,
          -stepSize,
          sub,
          rng,
        );
      }
      totals.numSteps += sub.numSteps;
      totals.sumMetroProb += sub.sumMetroProb;
      totals.diverging ||= sub.diverging;
      if (!valid) break;
      depth++;
      // Biased progressive sampling: favour the new subtree (Betancourt 2017, §A.3.2).
      if (sub.logSumWeight > totals.logSumWeight) copyPhasePoint(zPropose, zSample);
      else if (rng.next() < Math.exp(sub.logSumWeight - totals.logSumWeight)) copyPhasePoint(zPropose, zSample);
      totals.logSumWeight = logAddExp(totals.logSumWeight, sub.logSumWeight);
      addInto(t.rho, t.rhoBck, t.rhoFwd);
      let persist = noUTurn(t.pSharpBckBck, t.pSharpFwdFwd, t.rho);
      addInto(t.rhoExtended, t.rhoBck, t.pFwdBck);
      persist &&= noUTurn(t.pSharpBckBck, t.pSharpFwdBck, t.rhoExtended);
      addInto(t.rhoExtended, t.rhoFwd, t.pBckFwd);
      persist &&= noUTurn(t.pSharpBckFwd, t.pSharpFwdFwd, t.rhoExtended);
      if (!persist) break;
    }
    copyPhasePoint(zSample, z);
    return {
      acceptProb: totals.numSteps > 0 ? totals.sumMetroProb / totals.numSteps : 0,
      stepSize,
      treeDepth: depth,
      numSteps: totals.numSteps,
      diverging: totals.diverging,
      energy: this.hamiltonian(z),
      potentialEnergy: z.potential,
    };
  }

  /**
   * Build a subtree of 2^depth leapfrog steps from `z` (advanced in place to the subtree's far
   * end). Writes the subtree's proposal, its momentum and velocity at both ends, adds its
   * momentum sum to `rho` and its weight to `acc`. Returns false on divergence or U-turn.
   */
  private buildTree(
    depth: number,
    z: PhasePoint,
    propose: PhasePoint,
    pSharpBeg: Float64Array,
    pSharpEnd: Float64Array,
    rho: Float64Array,
    pBeg: Float64Array,
    pEnd: Float64Array,
    H0: number,
    stepSize: number,
    acc: Totals,
    rng: UniformStream,
  ): boolean {
    if (depth === 0) {
      leapfrog(z, stepSize, this.potential, this.metric, this.scratch);
      acc.numSteps++;
      let h = this.hamiltonian(z);
      if (Number.isNaN(h)) h = Infinity;
      if (h - H0 > this.maxDeltaEnergy) acc.diverging = true;
      acc.logSumWeight = logAddExp(acc.logSumWeight, H0 - h);
      acc.sumMetroProb += H0 - h > 0 ? 1 : Math.exp(H0 - h);
      copyPhasePoint(z, propose);
      velocity(this.metric, z.p, pSharpBeg);
      pSharpEnd.set(pSharpBeg);
      for (let i = 0; i < this.dim; i++) rho[i] += z.p[i]!;
      pBeg.set(z.p);
      pEnd.set(z.p);
      return !acc.diverging;
    }
    const L = this.levels[depth]!;
    // initial half
    const init: Totals = { numSteps: 0, sumMetroProb: 0, diverging: false, logSumWeight: -Infinity };
    L.rhoInit.fill(0);
    const validInit = this.buildTree(
      depth - 1,
      z,
      propose,
      pSharpBeg,
      L.pSharpInitEnd,
      L.rhoInit,
      pBeg,
      L.pInitEnd,
      H0,
      stepSize,
      init,
      rng,
    );
    acc.numSteps += init.numSteps;
    acc.sumMetroProb += init.sumMetroProb;
    acc.diverging ||= init.diverging;
    if (!validInit) return false;
    // final half
    const fin: Totals = { numSteps: 0, sumMetroProb: 0, diverging: false, logSumWeight: -Infinity };
    L.rhoFinal.fill(0);
    const validFinal = this.buildTree(
      depth - 1,
      z,
      L.proposeFinal,
      L.pSharpFinalBeg,
      pSharpEnd,
      L.rhoFinal,
      L.pFinalBeg,
      pEnd,
      H0,
      stepSize,
      fin,
      rng,
    );
    acc.numSteps += fin.numSteps;
    acc.sumMetroProb += fin.sumMetroProb;
    acc.diverging ||= fin.diverging;
    if (!validFinal) return false;
    // multinomial choice between the halves, uniform over the subtree (progressive sampling)
    const logSumWeightSubtree = logAddExp(init.logSumWeight, fin.logSumWeight);
    acc.logSumWeight = logAddExp(acc.logSumWeight, logSumWeightSubtree);
    if (fin.logSumWeight > logSumWeightSubtree || rng.next() < Math.exp(fin.logSumWeight - logSumWeightSubtree))
      copyPhasePoint(L.proposeFinal, propose);
    const d = this.dim;
    for (let i = 0; i < d; i++) {
      const s = L.rhoInit[i]! + L.rhoFinal[i]!;
      L.rhoExtended[i] = s; // rho of the whole subtree, reused just below
      rho[i] += s;
    }
    let persist = noUTurn(pSharpBeg, pSharpEnd, L.rhoExtended);
    addInto(L.rhoExtended, L.rhoInit, L.pFinalBeg);
    persist &&= noUTurn(pSharpBeg, L.pSharpFinalBeg, L.rhoExtended);
    addInto(L.rhoExtended, L.rhoFinal, L.pInitEnd);
    persist &&= noUTurn(L.pSharpInitEnd, pSharpEnd, L.rhoExtended);
    return persist;
  }
}
