// Runs every compiled test file with Node's built-in test runner.
// Node 20's `--test` does not expand globs, so the file list is built here.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith(".test.js")) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
// Only tests whose TypeScript source still exists: tsc never deletes the output of a source
// that was renamed or removed, and a stale compiled test must not run.
let files = findTests("dist/test")
  .filter((f) => existsSync(f.replace(/^dist[\\/]/, "").replace(/\.js$/, ".ts")))
  .sort();
if (filter.length > 0) files = files.filter((f) => filter.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error("run-tests: no test files found under dist/test (did the build run?)");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", "--test-reporter=spec", "--test-concurrency=2", ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
