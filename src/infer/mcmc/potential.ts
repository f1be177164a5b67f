/**
 * What every gradient-based sampler consumes: the potential energy U(q) = −log p(q) of a flat
 * unconstrained position and its gradient.
 * @module
 */

export type { PotentialFn } from "../../ppl/potential-energy.js";

/** A point of the Hamiltonian phase space with its cached potential and gradient. */
export interface PhasePoint {
  q: Float64Array;
  p: Float64Array;
  grad: Float64Array;
  potential: number;
}

export function phasePoint(dim: number): PhasePoint {
  return { q: new Float64Array(dim), p: new Float64Array(dim), grad: new Float64Array(dim), potential: 0 };
}

export function copyPhasePoint(src: PhasePoint, dst: PhasePoint): PhasePoint {
  dst.q.set(src.q);
  dst.p.set(src.p);
  dst.grad.set(src.grad);
  dst.potential = src.potential;
  return dst;
}

export function clonePhasePoint(src: PhasePoint): PhasePoint {
  return { q: src.q.slice(), p: src.p.slice(), grad: src.grad.slice(), potential: src.potential };
}
