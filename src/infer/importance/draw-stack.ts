/**
 * Stacking per-draw site values into one tensor per site, [numDraws, ...siteShape], checking
 * that every draw has the same sites with the same shapes.
 * @module
 */
import { formatShape, shapesEqual } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";

/** Accumulates the values of named sites over a known number of draws. */
export class DrawStack {
  private readonly sites = new Map<string, { shape: readonly number[]; data: Float64Array; size: number }>();

  constructor(
    private readonly numDraws: number,
    private readonly who: string,
  ) {}

  /** Store draw `i`'s values; the first draw fixes the set of sites and their shapes. */
  push(i: number, values: Readonly<Record<string, Tensor>>): void {
    if (i === 0) {
      for (const [name, v] of Object.entries(values))
        this.sites.set(name, { shape: v.shape.slice(), data: new Float64Array(this.numDraws * v.size), size: v.size });
    } else if (Object.keys(values).length !== this.sites.size || Object.keys(values).some((k) => !this.sites.has(k)))
      throw new Error(
        `${this.who}: draw ${i} has sites [${Object.keys(values).join(", ")}], draw 0 had [${[...this.sites.keys()].join(", ")}]; the model's sites must be the same in every run`,
      );
    for (const [name, v] of Object.entries(values)) {
      const s = this.sites.get(name)!;
      if (!shapesEqual(s.shape, v.shape))
        throw new Error(
          `${this.who}: site '${name}' has shape ${formatShape(v.shape)} in draw ${i} but ${formatShape(s.shape)} in draw 0`,
        );
      s.data.set(v.data, i * s.size);
    }
  }

  /** One tensor per site, of shape [numDraws, ...siteShape]. */
  result(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, s] of this.sites) out[name] = new Tensor(s.data, [this.numDraws, ...s.shape]);
    return out;
  }
}
