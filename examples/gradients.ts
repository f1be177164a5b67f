/**
 * Reverse-mode gradients: valueAndGrad over a tree of parameters, checked against finite
 * differences, then minimised with Adam. `node dist/examples/gradients.js`
 */
import { checkGrad, logsumexp, matmul, mean, square, sub, sum, valueAndGrad } from "../src/autodiff/index.js";
import { adam, minimize } from "../src/optim/index.js";
import { normal, key, split } from "../src/random/index.js";
import { type Tensor, tensor, zeros } from "../src/tensor/tensor.js";

type Params = { w: Tensor; b: Tensor };

/** Least squares for a linear model y ≈ X w + b. */
export function lossFn(X: Tensor, y: Tensor) {
  return ({ w, b }: Params) => mean(square(sub(sum(matmul(X, w), 1), sub(y, b))));
}

export function main(log: (s: string) => void = console.log) {
  const [kx, kn] = split(key(1));
  const X = normal(kx!, [200, 3]);
  const trueW = [1.5, -2, 0.5];
  const noise = normal(kn!, [200]);
  const y = tensor(
    Array.from(
      { length: 200 },
      (_, i) => trueW.reduce((s, w, j) => s + w * X.data[3 * i + j]!, 0.3) + 0.1 * noise.data[i]!,
    ),
  );
  const loss = lossFn(X, y);
  const params: Params = { w: zeros([3, 1]), b: zeros([]) };

  const [value, g] = valueAndGrad(loss)(params);
  log(
    `loss at zero: ${value.item().toFixed(4)}; d loss / d w = ${g.w
      .toFlatArray()
      .map((v) => v.toFixed(4))
      .join(", ")}`,
  );
  const check = checkGrad(loss, params);
  log(
    `gradient check against central differences: ${check.ok ? "ok" : "FAILED"} (max abs error ${check.maxAbsError.toExponential(2)})`,
  );

  const fit = minimize(loss, params, adam({ learningRate: 0.05 }), { steps: 500 });
  log(
    `after 500 Adam steps: loss ${fit.losses.at(-1)!.toFixed(5)}, w = ${fit.params.w
      .toFlatArray()
      .map((v) => v.toFixed(3))
      .join(", ")}, b = ${fit.params.b.item().toFixed(3)}`,
  );
  log(`logsumexp([1000, 1000]) = ${logsumexp(tensor([1000, 1000])).item()} (no overflow)`);
  return { check, fit };
}

if (import.meta.url === `file://${process.argv[1]}`) main();
