/**
 * Binary masks of coupling layers: which coordinates pass through unchanged (and condition the
 * transformation of the others). RealNVP (Dinh et al. 2017, section 3.4) alternates
 * checkerboard and channel-wise masks, and alternates the parity from one layer to the next,
 * so that every coordinate is transformed by some layer.
 * @module
 */
import { positiveInteger } from "./layer.js";

/** A coupling mask over d coordinates: 1 = passes through (conditions), 0 = transformed. */
export type CouplingMask = readonly (0 | 1)[];

/**
 * The "halves" (channel-wise) mask: the first ⌈d/2⌉ coordinates pass through and the rest are
 * transformed; `flip` swaps the two roles.
 */
export function halfMask(features: number, flip = false): CouplingMask {
  const d = positiveInteger("halfMask", "features", features);
  const cut = Math.ceil(d / 2);
  return Array.from({ length: d }, (_, i) => (i < cut !== flip ? 1 : 0));
}

/** The checkerboard mask: coordinates of even index pass through (odd ones with `flip`). */
export function checkerboardMask(features: number, flip = false): CouplingMask {
  const d = positiveInteger("checkerboardMask", "features", features);
  return Array.from({ length: d }, (_, i) => ((i % 2 === 0) !== flip ? 1 : 0));
}

/**
 * Check a user-supplied mask: d entries, each 0 or 1, at least one transformed coordinate
 * (a mask of all ones would make the layer the identity). A mask of all zeros is allowed: the
 * conditioner then sees only the context (a conditional layer over all coordinates).
 */
export function checkMask(who: string, mask: readonly number[], features: number): CouplingMask {
  if (mask.length !== features)
    throw new Error(`${who}: mask must have ${features} entries (one per feature), got ${mask.length}`);
  mask.forEach((m, i) => {
    if (m !== 0 && m !== 1) throw new Error(`${who}: mask entries must be 0 or 1, got ${m} at index ${i}`);
  });
  if (!mask.includes(0)) throw new Error(`${who}: mask [${mask.join(", ")}] transforms no coordinate`);
  return mask as CouplingMask;
}
