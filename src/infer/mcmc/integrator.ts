/**
 * The leapfrog (Störmer–Verlet) integrator: symplectic and time-reversible, so the
 * Metropolis correction of HMC is exact (Neal 2011, "MCMC using Hamiltonian dynamics" §2.3).
 * @module
 */
import { type Metric, velocity } from "./metric.js";
import type { PhasePoint, PotentialFn } from "./potential.js";

/**
 * One leapfrog step of size `stepSize` (negative to integrate backwards), in place:
 * half-step momentum, full-step position along M⁻¹p, half-step momentum.
 */
export function leapfrog(
  z: PhasePoint,
  stepSize: number,
  potential: PotentialFn,
  metric: Metric,
  scratch: Float64Array,
): void {
  const { q, p, grad } = z;
  const d = q.length;
  const half = 0.5 * stepSize;
  for (let i = 0; i < d; i++) p[i] -= half * grad[i]!;
  velocity(metric, p, scratch);
  for (let i = 0; i < d; i++) q[i] += stepSize * scratch[i]!;
  z.potential = potential(q, grad);
  for (let i = 0; i < d; i++) p[i] -= half * grad[i]!;
}
