/**
 * Context vectors of conditional flows: checked and broadcast against the batch of inputs.
 * @module
 */
import { broadcastTo } from "../../autodiff/index.js";
import { formatShape } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";

/**
 * The context of a layer expecting `contextFeatures` context values, broadcast to
 * `[...batchShape, contextFeatures]`; null for an unconditional layer. Throws when a context is
 * missing, unexpected, of the wrong size, or does not broadcast with the batch.
 */
export function contextFor(
  who: string,
  context: Tensor | undefined,
  contextFeatures: number,
  batchShape: readonly number[],
): Tensor | null {
  if (contextFeatures === 0) {
    if (context !== undefined)
      throw new Error(
        `${who}: the layer is unconditional but a context of shape ${formatShape(context.shape)} was given`,
      );
    return null;
  }
  if (context === undefined)
    throw new Error(`${who}: the layer needs a context of shape [..., ${contextFeatures}], got none`);
  if (context.ndim < 1 || context.shape[context.ndim - 1] !== contextFeatures)
    throw new Error(`${who}: context must have shape [..., ${contextFeatures}], got ${formatShape(context.shape)}`);
  const target = [...batchShape, contextFeatures];
  try {
    return broadcastTo(context, target);
  } catch {
    throw new Error(
      `${who}: context of shape ${formatShape(context.shape)} does not broadcast to the batch ${formatShape(target)}`,
    );
  }
}
