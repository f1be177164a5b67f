import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Gamma,
  Independent,
  MultivariateNormal,
  Normal,
  type Tensor,
  key,
  tensor,
  valueAndGrad,
} from "../../../src/index.js";
import { closedFormKL, monteCarloKL } from "../../../src/infer/vi/gvi-kl.js";
import { assertClose } from "../../helpers/assert.js";

// Independent reference for Gaussian KLs: the textbook formula with an explicit inverse and
// determinant, ½[tr(Σ₂⁻¹Σ₁) + (m₂ − m₁)ᵀΣ₂⁻¹(m₂ − m₁) − d + log(det Σ₂ / det Σ₁)], for 2×2 matrices.
function kl2(m1: number[], S1: number[][], m2: number[], S2: number[][]): number {
  const det = (A: number[][]) => A[0]![0]! * A[1]![1]! - A[0]![1]! * A[1]![0]!;
  const d2 = det(S2);
  const P = [
    [S2[1]![1]! / d2, -S2[0]![1]! / d2],
    [-S2[1]![0]! / d2, S2[0]![0]! / d2],
  ];
  let tr = 0;
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) tr += P[i]![j]! * S1[j]![i]!;
  const dm = [m2[0]! - m1[0]!, m2[1]! - m1[1]!];
  let maha = 0;
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) maha += dm[i]! * P[i]![j]! * dm[j]!;
  return 0.5 * (tr + maha - 2 + Math.log(d2 / det(S1)));
}

test("closedFormKL(Normal, Normal) equals ∫ q log(q/p) by quadrature", () => {
  const [m1, s1, m2, s2] = [0.3, 0.7, -1.1, 2.5];
  const kl = closedFormKL(Normal(m1, s1), Normal(m2, s2))!;
  // Simpson's rule on ±12 sd of q with 24 000 panels: error far below 1e-10 for this smooth integrand.
  const logN = (x: number, m: number, s: number) =>
    -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
  const a = m1 - 12 * s1;
  const b = m1 + 12 * s1;
  const n = 24_000;
  const h = (b - a) / n;
  let integral = 0;
  for (let i = 0; i <= n; i++) {
    const x = a + i * h;
    const f = Math.exp(logN(x, m1, s1)) * (logN(x, m1, s1) - logN(x, m2, s2));
    integral += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * f;
  }
  assertClose(kl.item(), (integral * h) / 3, { atol: 1e-10, rtol: 1e-10, what: "KL" });
});

test("closedFormKL of full-rank and diagonal Gaussians matches the textbook formula", () => {
  const m1 = [0.5, -1];
  const S1 = [
    [2, 0.9],
    [0.9, 1.5],
  ];
  const m2 = [1, 2];
  const S2 = [
    [1, -0.3],
    [-0.3, 0.5],
  ];
  const q = MultivariateNormal(tensor(m1), { covarianceMatrix: tensor(S1) });
  const p = MultivariateNormal(tensor(m2), { covarianceMatrix: tensor(S2) });
  assertClose(closedFormKL(q, p)!.item(), kl2(m1, S1, m2, S2), { rtol: 1e-12, atol: 1e-12, what: "MVN‖MVN" });
  // a diagonal prior given as Independent(Normal) or as a scalar Normal (iid coordinates)
  const diag = [
    [4, 0],
    [0, 4],
  ];
  const expected = kl2(m1, S1, [0, 0], diag);
  assertClose(closedFormKL(q, Independent(Normal(tensor([0, 0]), tensor([2, 2])), 1))!.item(), expected, {
    rtol: 1e-12,
    what: "MVN‖Independent(Normal)",
  });
  assertClose(closedFormKL(q, Normal(0, 2))!.item(), expected, { rtol: 1e-12, what: "MVN‖iid Normal" });
  // diagonal ‖ full
  const qd = Independent(Normal(tensor([0.5, -1]), tensor([1.2, 0.4])), 1);
  const Sd = [
    [1.44, 0],
    [0, 0.16],
  ];
  assertClose(closedFormKL(qd, p)!.item(), kl2(m1, Sd, m2, S2), { rtol: 1e-12, what: "diagonal‖MVN" });
  // not Gaussian: no closed form
  assert.equal(closedFormKL(Normal(0, 1), Gamma(2, 1)), null);
});

test("closedFormKL is differentiable: its gradient in q's loc is Σ₂⁻¹(m₁ − m₂)", () => {
  const S2 = tensor([
    [1, -0.3],
    [-0.3, 0.5],
  ]);
  const f = (m: Tensor) =>
    closedFormKL(
      MultivariateNormal(m, {
        scaleTril: tensor([
          [1, 0],
          [0.2, 0.8],
        ]),
      }),
      MultivariateNormal(tensor([1, 2]), { covarianceMatrix: S2 }),
    )!;
  const [, g] = valueAndGrad(f)(tensor([0.5, -1]));
  // Σ₂⁻¹ = [[0.5, 0.3], [0.3, 1]] / 0.41; (m₁ − m₂) = (−0.5, −3)
  assertClose(g.data, [(0.5 * -0.5 + 0.3 * -3) / 0.41, (0.3 * -0.5 + 1 * -3) / 0.41], { rtol: 1e-10, what: "∇KL" });
});

test("monteCarloKL agrees with the closed form within its Monte Carlo error", () => {
  const q = Independent(Normal(tensor([0.5, -1]), tensor([1.2, 0.4])), 1);
  const p = Normal(0, 2);
  const exact = closedFormKL(q, p)!.item();
  const n = 20_000;
  const est = monteCarloKL(q, p, key(5), n).item();
  // With z = m + sε, log q − log p = Σ_j [(s_j²/8 − ½) ε_j² + (m_j s_j/4) ε_j] + const, whose
  // variance is Σ_j 2(s_j²/8 − ½)² + (m_j s_j/4)² = 0.698: 5 standard errors are 5 · 0.835/√n ≈ 0.03.
  const sd = Math.sqrt(2 * (1.44 / 8 - 0.5) ** 2 + 0.15 ** 2 + 2 * (0.16 / 8 - 0.5) ** 2 + 0.1 ** 2);
  assert.ok(Math.abs(est - exact) < (5 * sd) / Math.sqrt(n), `MC KL ${est} vs exact ${exact}`);
});
