/**
 * Static HMC: a fixed number of leapfrog steps, then a Metropolis accept/reject on the
 * change in the Hamiltonian (Duane et al. 1987; Neal 2011, §5.2).
 * @module
 */
import { leapfrog } from "./integrator.js";
import { type Metric, kineticEnergy } from "./metric.js";
import { type PhasePoint, type PotentialFn, clonePhasePoint, copyPhasePoint } from "./potential.js";
import type { TransitionStats } from "./nuts.js";
import type { UniformStream } from "./uniform-stream.js";

export interface HmcOptions {
  /** Leapfrog steps per transition (default 10). */
  numSteps?: number;
  /** Energy error beyond which a trajectory is declared divergent (default 1000). */
  maxDeltaEnergy?: number;
}

export class HmcKernel {
  readonly numSteps: number;
  readonly maxDeltaEnergy: number;
  private readonly scratch: Float64Array;
  private proposal: PhasePoint | null = null;

  constructor(
    private readonly potential: PotentialFn,
    public metric: Metric,
    options: HmcOptions = {},
  ) {
    const { numSteps = 10, maxDeltaEnergy = 1000 } = options;
    if (!Number.isInteger(numSteps) || numSteps < 1)
      throw new Error(`HMC: numSteps must be a positive integer, got ${numSteps}`);
    this.numSteps = numSteps;
    this.maxDeltaEnergy = maxDeltaEnergy;
    this.scratch = new Float64Array(metric.dim);
  }

  hamiltonian(z: PhasePoint): number {
    return z.potential + kineticEnergy(this.metric, z.p, this.scratch);
  }

  /** One HMC transition from `z` (momentum already drawn); `z` becomes the new state. */
  transition(z: PhasePoint, stepSize: number, rng: UniformStream): TransitionStats {
    const H0 = this.hamiltonian(z);
    const prop = this.proposal === null ? (this.proposal = clonePhasePoint(z)) : copyPhasePoint(z, this.proposal);
    let diverging = false;
    let steps = 0;
    for (let s = 0; s < this.numSteps; s++) {
      leapfrog(prop, stepSize, this.potential, this.metric, this.scratch);
      steps++;
      const h = this.hamiltonian(prop);
      if (!(h - H0 <= this.maxDeltaEnergy)) {
        diverging = true;
        break;
      }
    }
    const h1 = diverging ? Infinity : this.hamiltonian(prop);
    const acceptProb = Number.isNaN(h1) ? 0 : Math.min(1, Math.exp(H0 - h1));
    if (rng.next() < acceptProb) copyPhasePoint(prop, z);
    return {
      acceptProb,
      stepSize,
      treeDepth: 0,
      numSteps: steps,
      diverging,
      energy: this.hamiltonian(z),
      potentialEnergy: z.potential,
    };
  }
}
