// Threefry known answers, and the contracts of key, split, fold and randomBits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fold, key, normal, randomBits, split, threefry2x32, uniform } from "../../src/random/index.js";

const hex = (words: Uint32Array) => Array.from(words, (w) => w.toString(16).padStart(8, "0")).join(" ");

test("Threefry-2x32-20 reproduces the Random123 known-answer vectors", () => {
  // Random123 tests/kat_vectors, "threefry2x32 20" lines (counter, key → output).
  assert.equal(hex(threefry2x32([0, 0], [0, 0])), "6b200159 99ba4efe");
  assert.equal(hex(threefry2x32([0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff])), "1cb996fc bb002be7");
  assert.equal(hex(threefry2x32([0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3])), "c4923a9c 483df7a0");
});

test("threefry2x32 rejects words that are not uint32", () => {
  assert.throws(
    () => threefry2x32([0, 2 ** 32], [0, 0]),
    /key words must be integers in \[0, 2\^32\), got 4294967296 at index 1/,
  );
  assert.throws(() => threefry2x32([0, 0], [0]), /must each have 2 words, got 2 and 1/);
});

test("key splits a seed into its 64-bit two's-complement words", () => {
  assert.deepEqual(Array.from(key(0)), [0, 0]);
  assert.deepEqual(Array.from(key(42)), [0, 42]);
  assert.deepEqual(Array.from(key(2 ** 32 + 5)), [1, 5]);
  assert.deepEqual(Array.from(key(-1)), [0xffffffff, 0xffffffff]);
  assert.deepEqual(Array.from(key(Number.MAX_SAFE_INTEGER)), [0x1fffff, 0xffffffff]);
  assert.deepEqual(Array.from(key(-(2 ** 32))), [0xffffffff, 0]);
  assert.throws(() => key(1.5), /key: seed must be a safe integer .* got 1.5/);
  assert.throws(() => key(2 ** 53), /got 9007199254740992/);
  assert.throws(() => key(NaN), /got NaN/);
});

test("split is deterministic, its children differ, and more children extend fewer", () => {
  const k = key(7);
  const a = split(k, 3);
  const b = split(k, 5);
  assert.deepEqual(a.map(hex), b.slice(0, 3).map(hex));
  assert.deepEqual(split(k).map(hex), a.slice(0, 2).map(hex));
  assert.equal(new Set(b.map(hex)).size, 5);
  assert.ok(!b.map(hex).includes(hex(k)));
  assert.deepEqual(split(k, 0), []);
  // Child i is the Threefry block of counter (i, 0xffffffff) under the parent.
  assert.equal(hex(a[2]!), hex(threefry2x32(k, [2, 0xffffffff])));
  // Keys are not modified by use.
  assert.deepEqual(Array.from(k), [0, 7]);
});

test("split children share no blocks with what the parent's samplers draw", () => {
  const k = key(3);
  const children = new Set(split(k, 1000).map(hex));
  const bits = randomBits(k, 2000);
  for (let m = 0; m < 1000; m++) assert.ok(!children.has(hex(bits.subarray(2 * m, 2 * m + 2))));
});

test("fold: deterministic, distinct per integer, distinct from split, accepts negatives", () => {
  const k = key(5);
  assert.equal(hex(fold(k, 3)), hex(fold(k, 3)));
  const folded = [-2, -1, 0, 1, 2, 3, 2 ** 32, 2 ** 40 + 1].map((d) => hex(fold(k, d)));
  assert.equal(new Set(folded).size, folded.length);
  const children = split(k, 4).map(hex);
  for (let i = 0; i < 4; i++) assert.ok(!children.includes(hex(fold(k, i))));
  assert.throws(() => fold(k, 0.5), /fold: data must be a safe integer .* got 0.5/);
});

test("randomBits: prefix-stable, one Threefry block per two words, balanced bits", () => {
  const k = key(9);
  const a = randomBits(k, 5);
  const b = randomBits(k, 100_000);
  assert.deepEqual(Array.from(a), Array.from(b.subarray(0, 5)));
  assert.equal(hex(b.subarray(6, 8)), hex(threefry2x32(k, [3, 0])));
  // Each of the 32 bit positions is set in half the words: binomial sd = √(n/4) ≈ 158.
  for (let bit = 0; bit < 32; bit++) {
    let ones = 0;
    for (const w of b) ones += (w >>> bit) & 1;
    assert.ok(Math.abs(ones - 50_000) < 5 * 158, `bit ${bit} set in ${ones} of 100000 words`);
  }
  assert.equal(randomBits(k, 0).length, 0);
  assert.throws(() => randomBits(k, -1), /randomBits: n must be an integer in \[0, 2\^32\), got -1/);
});

test("same key, same numbers; different keys, different numbers", () => {
  assert.deepEqual(Array.from(normal(key(1), [10]).data), Array.from(normal(key(1), [10]).data));
  assert.notDeepEqual(Array.from(normal(key(1), [10]).data), Array.from(normal(key(2), [10]).data));
  const [c1, c2] = split(key(1));
  assert.notDeepEqual(Array.from(uniform(c1!, [10]).data), Array.from(uniform(c2!, [10]).data));
});

test("bad keys are rejected with the sampler's name", () => {
  assert.throws(
    () => normal(new Uint32Array(3), [2]),
    /normal: key must be a Uint32Array of length 2 .* got a Uint32Array of length 3/,
  );
  assert.throws(
    () => split([0, 0] as unknown as Uint32Array),
    /split: key must be a Uint32Array of length 2 .* got object/,
  );
});
