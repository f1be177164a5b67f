/**
 * The initial step-size heuristic of Hoffman & Gelman (2014, Algorithm 4) as Stan runs it:
 * double or halve ε until the acceptance probability of one leapfrog step crosses 0.8.
 * @module
 */
import { leapfrog } from "./integrator.js";
import { type Metric, kineticEnergy, momentumFromNormal } from "./metric.js";
import { type PhasePoint, type PotentialFn, clonePhasePoint, copyPhasePoint } from "./potential.js";

/**
 * @param z the current state (not modified)
 * @param drawNormal fills its argument with fresh standard normals (one call per trial)
 */
export function findReasonableStepSize(
  z: PhasePoint,
  stepSize: number,
  potential: PotentialFn,
  metric: Metric,
  drawNormal: (out: Float64Array) => void,
): number {
  const d = metric.dim;
  const scratch = new Float64Array(d);
  const normals = new Float64Array(d);
  const trial = clonePhasePoint(z);
  const logTarget = Math.log(0.8);
  let direction = 0;
  for (let iter = 0; iter < 100; iter++) {
    copyPhasePoint(z, trial);
    drawNormal(normals);
    momentumFromNormal(metric, normals, trial.p);
    const H0 = trial.potential + kineticEnergy(metric, trial.p, scratch);
    leapfrog(trial, stepSize, potential, metric, scratch);
    let h = trial.potential + kineticEnergy(metric, trial.p, scratch);
    if (Number.isNaN(h)) h = Infinity;
    const deltaH = H0 - h;
    if (direction === 0) direction = deltaH > logTarget ? 1 : -1;
    if (direction === 1 && !(deltaH > logTarget)) break;
    if (direction === -1 && !(deltaH < logTarget)) break;
    stepSize = direction === 1 ? 2 * stepSize : 0.5 * stepSize;
    if (stepSize > 1e7)
      throw new Error("step size search: the posterior appears improper (step size grew beyond 1e7); check the model");
    if (stepSize === 0)
      throw new Error("step size search: no acceptable step size found (underflow); check the model and its gradient");
  }
  return stepSize;
}
