// The same keys give bit-identical draws inside a worker thread.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { fixedDraws } from "./worker-draws.js";

function drawsInWorker(): Promise<Record<string, ArrayLike<number>>> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL("./worker-draws.js", import.meta.url));
    w.once("message", (m: Record<string, ArrayLike<number>>) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
  });
}

/** Exact equality including the sign of zero and NaN payload-free comparison, via the bits. */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const fa = Float64Array.from(a),
    fb = Float64Array.from(b);
  return Buffer.from(fa.buffer).equals(Buffer.from(fb.buffer));
}

test("draws computed in a worker thread are bit-identical to the main thread's", async () => {
  const here = fixedDraws();
  const there = await drawsInWorker();
  assert.deepEqual(Object.keys(there).sort(), Object.keys(here).sort());
  for (const name of Object.keys(here)) assert.ok(sameBits(here[name]!, there[name]!), `${name} differs in the worker`);
});
