/**
 * A minimal WebAssembly binary encoder: LEB128 integers, module sections, and an emitter for
 * the few instructions the SIMD kernels use. It lets the kernels be generated from TypeScript
 * at load time, so the library builds offline with no WebAssembly toolchain. Encodings follow
 * the WebAssembly core specification 2.0, section 5 (binary format), which includes the
 * fixed-width SIMD instructions (0xFD prefix).
 * @module
 */

/** Value types (spec 5.3.1). */
export const ValType = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Unsigned LEB128. */
export function uleb128(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`uleb128: expected a u32, got ${n}`);
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb128(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new Error(`sleb128: expected an i32, got ${n}`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function name(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...uleb128(bytes.length), ...bytes];
}

function vector(items: readonly number[][]): number[] {
  return [...uleb128(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb128(content.length), ...content];
}

/**
 * Emits the body of one function. Locals are declared up front with {@link local}; the
 * parameters occupy the first indices. Memory accesses take a byte offset immediate and an
 * alignment hint (log2 of the byte alignment).
 */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];

  constructor(readonly params: readonly ValType[]) {}

  /** Declare a local of type `t`; returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  private simd(opcode: number, ...immediates: number[]): this {
    return this.op(0xfd, ...uleb128(opcode), ...immediates);
  }

  get(i: number): this {
    return this.op(0x20, ...uleb128(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb128(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb128(i));
  }
  i32Const(c: number): this {
    return this.op(0x41, ...sleb128(c));
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  /** `loop` with an empty block type; branch depth 0 inside it jumps back to the start. */
  loop(): this {
    return this.op(0x03, 0x40);
  }
  end(): this {
    return this.op(0x0b);
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb128(depth));
  }
  v128Load(offset: number): this {
    return this.simd(0x00, 3, ...uleb128(offset));
  }
  v128Store(offset: number): this {
    return this.simd(0x0b, 3, ...uleb128(offset));
  }
  /** Load one f64 into both lanes. */
  v128Load64Splat(offset: number): this {
    return this.simd(0x0a, 3, ...uleb128(offset));
  }
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }

  /** The encoded function body (locals grouped by runs of equal type, then the code). */
  encode(): number[] {
    const groups: number[][] = [];
    for (let i = 0; i < this.locals.length;) {
      let j = i;
      while (j < this.locals.length && this.locals[j] === this.locals[i]) j++;
      groups.push([...uleb128(j - i), this.locals[i]!]);
      i = j;
    }
    const body = [...vector(groups), ...this.code, 0x0b];
    return [...uleb128(body.length), ...body];
  }
}

/** One exported function of a module: its name, result-less signature and body. */
export interface ExportedFunction {
  name: string;
  body: FunctionBuilder;
}

/**
 * Encode a module that imports its linear memory as `env.memory` (so the host owns and grows
 * it) and exports the given functions, none of which returns a value.
 */
export function encodeModule(functions: readonly ExportedFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.body.params.map((p) => [p])), 0x00]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([[...name("env"), ...name("memory"), 0x02, 0x00, ...uleb128(1)]])),
    ...section(3, vector(functions.map((_, i) => uleb128(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb128(i)]))),
    ...section(10, vector(functions.map((f) => f.body.encode()))),
  ];
  return Uint8Array.from(bytes);
}
