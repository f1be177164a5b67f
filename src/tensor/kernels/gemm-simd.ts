/**
 * GEMM with a WebAssembly SIMD (f64x2) micro-kernel, generated at load time by
 * {@link encodeModule} — no toolchain, nothing downloaded.
 *
 * The structure is Goto & van de Geijn's ("Anatomy of high-performance matrix multiplication",
 * ACM TOMS 34(3), 2008): B is packed into column panels NR wide, the k loop is blocked by KC so
 * a packed panel stays in L1, the m loop by MC so the block of A stays in L2, and the
 * micro-kernel keeps an MR×NR tile of C in registers (4×4 doubles = 8 v128 accumulators, which
 * leaves room in x86-64's 16 vector registers for two B vectors and one broadcast A value).
 * A is not packed: the kernel reads it in place in wasm memory, row-major (`op(A) = A`) or
 * column-major (`op(A) = Aᵀ`), so `Aᵀ·B` costs no transpose. B is packed from either layout,
 * so `A·Bᵀ` costs none either. 4×4 with no unrolling of the k loop measured fastest among
 * 2×4, 2×8, 3×4, 4×2, 4×6, 4×8 (spills), and unroll factors 2 and 4, on Node 20 / x86-64.
 *
 * Operands are copied into one wasm memory per thread, which grows to the largest product
 * seen (A, packed B and C together) and is kept for reuse; products needing more than 2 GiB
 * fall back to the JavaScript kernel.
 * @module
 */
import { FunctionBuilder, ValType, encodeModule } from "./wasm-encoder.js";

/** Rows of the register tile. */
const MR = 4;
/** Columns of the register tile (two f64x2 vectors). */
const NR = 4;
/** k-block: a packed KC×NR panel of B is 8 KiB. */
const KC = 256;
/** m-block (a multiple of MR): an MC×KC block of A is 256 KiB. */
const MC = 128;
const PAGE = 65536;

/**
 * Build the macro-kernel: C[mb·MR × nb·NR] += op(A)[mb·MR × kc] · Bpacked[kc × nb·NR].
 * Parameters (all i32, pointers and leading dimensions in bytes):
 * `(kc, mb, nb, a, lda, b, c, ldc)`. With `aTransposed`, op(A)(i, p) is at `a + p·lda + 8i`,
 * else at `a + i·lda + 8p`. `kc`, `mb` and `nb` must be ≥ 1.
 */
function macroKernel(aTransposed: boolean): FunctionBuilder {
  const I = ValType.i32;
  const f = new FunctionBuilder([I, I, I, I, I, I, I, I]);
  const [kc, mb, nb, a, lda, b, c, ldc] = [0, 1, 2, 3, 4, 5, 6, 7];
  const jr = f.local(I);
  const ir = f.local(I);
  const p = f.local(I);
  const aRow = f.local(I);
  const cRow = f.local(I);
  const bP = f.local(I);
  const cP = f.local(I);
  // one pointer per row of A when rows are strided; one pointer when the MR values are adjacent
  const aP = Array.from({ length: aTransposed ? 1 : MR }, () => f.local(I));
  const NV = NR / 2;
  const acc = Array.from({ length: MR * NV }, () => f.local(ValType.v128));
  const bv = Array.from({ length: NV }, () => f.local(ValType.v128));
  const av = f.local(ValType.v128);

  f.get(nb).set(jr);
  f.loop(); // over column panels of B and C
  f.get(a).set(aRow).get(c).set(cRow).get(mb).set(ir);
  f.loop(); // over MR-row tiles
  for (const x of acc) f.v128Zero().set(x);
  f.get(aRow).set(aP[0]!);
  for (let i = 1; i < aP.length; i++)
    f.get(aP[i - 1]!)
      .get(lda)
      .i32Add()
      .set(aP[i]!);
  f.get(b).set(bP).get(kc).set(p);
  f.loop(); // over k: rank-1 update of the register tile
  for (let j = 0; j < NV; j++)
    f.get(bP)
      .v128Load(16 * j)
      .set(bv[j]!);
  for (let i = 0; i < MR; i++) {
    if (aTransposed) f.get(aP[0]!).v128Load64Splat(8 * i);
    else f.get(aP[i]!).v128Load64Splat(0);
    f.set(av);
    for (let j = 0; j < NV; j++) {
      const x = acc[i * NV + j]!;
      f.get(x).get(av).get(bv[j]!).f64x2Mul().f64x2Add().set(x);
    }
  }
  if (aTransposed) f.get(aP[0]!).get(lda).i32Add().set(aP[0]!);
  else for (const q of aP) f.get(q).i32Const(8).i32Add().set(q);
  f.get(bP)
    .i32Const(8 * NR)
    .i32Add()
    .set(bP);
  f.get(p).i32Const(1).i32Sub().tee(p).brIf(0);
  f.end();
  // C tile += accumulators
  f.get(cRow).set(cP);
  for (let i = 0; i < MR; i++) {
    for (let j = 0; j < NV; j++) {
      f.get(cP)
        .get(cP)
        .v128Load(16 * j)
        .get(acc[i * NV + j]!)
        .f64x2Add()
        .v128Store(16 * j);
    }
    if (i < MR - 1) f.get(cP).get(ldc).i32Add().set(cP);
  }
  if (aTransposed)
    f.get(aRow)
      .i32Const(8 * MR)
      .i32Add()
      .set(aRow);
  else f.get(aRow).get(lda).i32Const(MR).i32Mul().i32Add().set(aRow);
  f.get(cRow).get(ldc).i32Const(MR).i32Mul().i32Add().set(cRow);
  f.get(ir).i32Const(1).i32Sub().tee(ir).brIf(0);
  f.end();
  f.get(b)
    .get(kc)
    .i32Const(8 * NR)
    .i32Mul()
    .i32Add()
    .set(b);
  f.get(c)
    .i32Const(8 * NR)
    .i32Add()
    .set(c);
  f.get(jr).i32Const(1).i32Sub().tee(jr).brIf(0);
  f.end();
  return f;
}

// The WebAssembly API as far as it is used here. The compiler's library settings (ES2022, no
// DOM) do not declare it, and some runtimes lack it, so it is looked up on globalThis.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

type MacroKernel = (
  kc: number,
  mb: number,
  nb: number,
  a: number,
  lda: number,
  b: number,
  c: number,
  ldc: number,
) => void;

interface SimdRuntime {
  memory: WasmMemory;
  view: Float64Array;
  kernelN: MacroKernel;
  kernelT: MacroKernel;
}

let runtime: SimdRuntime | null | undefined;

function load(): SimdRuntime | null {
  if (runtime !== undefined) return runtime;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return (runtime = null);
  try {
    const bytes = encodeModule([
      { name: "gemmN", body: macroKernel(false) },
      { name: "gemmT", body: macroKernel(true) },
    ]);
    const memory = new wasm.Memory({ initial: 16 });
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
    const ex = instance.exports as { gemmN: MacroKernel; gemmT: MacroKernel };
    runtime = { memory, view: new Float64Array(memory.buffer), kernelN: ex.gemmN, kernelT: ex.gemmT };
  } catch {
    runtime = null; // no WebAssembly SIMD here: callers use the JavaScript kernels
  }
  return runtime;
}

/** True when this runtime can compile and run the SIMD kernel. */
export function simdAvailable(): boolean {
  return load() !== null;
}

/** The view of wasm memory, at least `doubles` long (growing the memory when needed). */
function workspace(rt: SimdRuntime, doubles: number): Float64Array | null {
  const bytes = doubles * 8;
  if (bytes > 2 ** 31) return null; // leave such sizes to the JavaScript kernel
  if (rt.memory.buffer.byteLength < bytes) rt.memory.grow(Math.ceil((bytes - rt.memory.buffer.byteLength) / PAGE));
  if (rt.view.buffer !== rt.memory.buffer) rt.view = new Float64Array(rt.memory.buffer);
  return rt.view;
}

const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;

/**
 * Pack op(B) (k×n) into wasm memory at `base`: for each KC-block of rows starting at p0, NR-wide
 * column panels stored row after row, the last panel padded with zeros to NR columns.
 */
function packB(
  W: Float64Array,
  base: number,
  k: number,
  n: number,
  np: number,
  B: Float64Array,
  bOff: number,
  transB: boolean,
): void {
  // op(B)(p, j) = B[bOff + p·rs + j·cs]
  const rs = transB ? 1 : n;
  const cs = transB ? k : 1;
  let o = base;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    for (let j0 = 0; j0 < np; j0 += NR) {
      if (j0 + NR <= n) {
        let s0 = bOff + p0 * rs + j0 * cs;
        for (let p = p0; p < p1; p++, s0 += rs, o += NR) {
          W[o] = B[s0]!;
          W[o + 1] = B[s0 + cs]!;
          W[o + 2] = B[s0 + 2 * cs]!;
          W[o + 3] = B[s0 + 3 * cs]!;
        }
      } else {
        for (let p = p0; p < p1; p++, o += NR) {
          for (let jj = 0; jj < NR; jj++) W[o + jj] = j0 + jj < n ? B[bOff + p * rs + (j0 + jj) * cs]! : 0;
        }
      }
    }
  }
}

/**
 * C[m×n] = op(A)·op(B) (or C += … with `accumulate`), op(X) = Xᵀ when its flag is set; all
 * matrices row-major at the given offsets, A stored m×k (k×m when transposed), B stored k×n
 * (n×k when transposed). Returns false, doing nothing, when SIMD is unavailable or the
 * operands do not fit in wasm32 memory; the caller then uses the JavaScript kernel.
 */
export function gemmSimd(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  accumulate: boolean,
): boolean {
  const rt = load();
  if (rt === null) return false;
  if (m === 0 || n === 0) return true;
  if (k === 0) {
    if (!accumulate) C.fill(0, cOff, cOff + m * n);
    return true;
  }
  const mp = roundUp(m, MR);
  const np = roundUp(n, NR);
  // regions, in doubles, kept 16-byte aligned: A (with MR rows of slack), packed B, C
  const aBase = 0;
  const bBase = roundUp(mp * k + MR, 2);
  const cBase = bBase + roundUp(k * np, 2);
  const W = workspace(rt, cBase + mp * np);
  if (W === null) return false;

  W.set(A.subarray(aOff, aOff + m * k), aBase);
  W.fill(0, aBase + m * k, bBase); // padding rows: keeps the discarded part of C finite
  packB(W, bBase, k, n, np, B, bOff, transB);
  if (accumulate) {
    if (np === n) W.set(C.subarray(cOff, cOff + m * n), cBase);
    else for (let i = 0; i < m; i++) W.set(C.subarray(cOff + i * n, cOff + (i + 1) * n), cBase + i * np);
  } else W.fill(0, cBase, cBase + mp * np);

  const kernel = transA ? rt.kernelT : rt.kernelN;
  const lda = transA ? m : k;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    for (let i0 = 0; i0 < mp; i0 += MC) {
      const mc = Math.min(MC, mp - i0);
      const aAt = transA ? aBase + p0 * lda + i0 : aBase + i0 * lda + p0;
      kernel(kc, mc / MR, np / NR, aAt * 8, lda * 8, (bBase + p0 * np) * 8, (cBase + i0 * np) * 8, np * 8);
    }
  }

  if (np === n) C.set(W.subarray(cBase, cBase + m * n), cOff);
  else for (let i = 0; i < m; i++) C.set(W.subarray(cBase + i * np, cBase + i * np + n), cOff + i * n);
  return true;
}
