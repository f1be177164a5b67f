import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError, parseArgs, type OptionSpec } from "../../src/cli/args.js";
import { runCli } from "../../src/cli/cli.js";
import { parsePerturbationSpec } from "../../src/cli/commands/generate.js";
import { createProgress, formatBar } from "../../src/cli/progress.js";
import { readDataset } from "../../src/perturb/dataset/index.js";
import { readProvenanceLog } from "../../src/provenance/index.js";

/** The compiled entry point, next to this compiled test (dist/test/cli → dist/src/cli). */
const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SPECS: OptionSpec[] = [
  { name: "episodes", type: "integer", description: "n" },
  { name: "rate", type: "number", description: "r", default: 0.5 },
  { name: "out", type: "string", description: "o" },
  { name: "flag", type: "boolean", description: "f" },
  { name: "tag", type: "string", multiple: true, description: "t" },
];

test("argument parser: --key value, --key=value, flags, repeats, defaults, positionals", () => {
  const r = parseArgs(
    ["--episodes", "20", "--out=a=b.h5", "--flag", "--tag", "x", "--tag=y", "pos", "--", "--raw"],
    SPECS,
  );
  assert.deepEqual(r.options, { episodes: 20, out: "a=b.h5", flag: true, tag: ["x", "y"], rate: 0.5 });
  assert.deepEqual(r.positionals, ["pos", "--raw"]);
  assert.deepEqual(parseArgs(["--flag=false", "--rate", "-1e-3"], SPECS).options, { flag: false, rate: -0.001 });
});

test("argument parser: errors are UsageErrors naming the option and the valid ones", () => {
  const cases: [string[], RegExp][] = [
    [["--episode", "3"], /unknown option --episode; valid options: --episodes, --rate, --out, --flag, --tag/],
    [["--episodes", "2.5"], /--episodes must be an integer, got "2\.5"/],
    [["--rate", "abc"], /--rate must be a number, got "abc"/],
    [["--out"], /--out needs a value/],
    [["--out", "--flag"], /--out needs a value/],
    [["--out", "a", "--out", "b"], /--out given more than once/],
    [["-x"], /unknown option -x/],
    [["--flag=maybe"], /--flag takes no value or true\/false/],
  ];
  for (const [argv, re] of cases) {
    assert.throws(
      () => parseArgs(argv, SPECS),
      (e: unknown) => e instanceof UsageError && re.test(e.message),
    );
  }
});

test("perturbation specs: [name=]type[:key=value,...] with numbers, booleans, per-dimension lists", () => {
  assert.deepEqual(parsePerturbationSpec("gaussian:std=0.3"), { type: "gaussian", params: { std: 0.3 } });
  assert.deepEqual(parsePerturbationSpec("big=fgsm:epsilon=0.05,norm=linf"), {
    name: "big",
    type: "fgsm",
    params: { epsilon: 0.05, norm: "linf" },
  });
  assert.deepEqual(parsePerturbationSpec("gaussian:std=0.1/0.2/0/1e-3"), {
    type: "gaussian",
    params: { std: [0.1, 0.2, 0, 0.001] },
  });
  assert.deepEqual(parsePerturbationSpec("pgd:epsilon=1,randomStart=false"), {
    type: "pgd",
    params: { epsilon: 1, randomStart: false },
  });
  assert.throws(() => parsePerturbationSpec("gauss:std=1"), /unknown perturbation type "gauss"; valid: gaussian/);
  assert.throws(() => parsePerturbationSpec("gaussian:std"), /expected key=value, got "std"/);
});

test("progress: one line per milestone and quarter when not a terminal; in-place redraw on a terminal", () => {
  const lines: string[] = [];
  const p = createProgress({ stream: { write: (s: string) => lines.push(s) }, tty: false });
  p.milestone("start");
  p.start("work", 8);
  for (let i = 1; i <= 8; i++) p.update(i);
  p.finish();
  assert.deepEqual(lines, [
    "start\n",
    `${formatBar("work", 0, 8)}\n`,
    `${formatBar("work", 2, 8)}\n`,
    `${formatBar("work", 4, 8)}\n`,
    `${formatBar("work", 6, 8)}\n`,
    `${formatBar("work", 8, 8)}\n`,
  ]);
  assert.equal(formatBar("w", 1, 4), "w [######..................]  25% (1/4)");
  const out: string[] = [];
  let t = 0;
  const q = createProgress({ stream: { write: (s: string) => out.push(s) }, tty: true, now: () => t });
  q.start("w", 4);
  q.update(1); // within 80 ms of the last draw: skipped
  t = 100;
  q.update(2);
  q.finish();
  assert.deepEqual(out, [
    `\r\x1b[2K${formatBar("w", 0, 4)}`,
    `\r\x1b[2K${formatBar("w", 2, 4)}`,
    `\r\x1b[2K${formatBar("w", 4, 4)}`,
    "\n",
  ]);
  const silent: string[] = [];
  const s = createProgress({ stream: { write: (x: string) => silent.push(x) }, quiet: true });
  s.milestone("x");
  s.start("y", 2);
  s.finish();
  assert.deepEqual(silent, []);
});

test("runCli in-process: help, version, unknown command and option exit codes", async () => {
  const run = async (argv: string[]) => {
    let out = "";
    let err = "";
    const code = await runCli(argv, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
    });
    return { code, out, err };
  };
  let r = await run(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.out, /commands:\n {2}demo .*\n {2}generate/);
  r = await run([]);
  assert.equal(r.code, 2);
  assert.match(r.err, /^usage: policy-posterior <command>/);
  r = await run(["--version"]);
  assert.match(r.out, /^\d+\.\d+\.\d+/);
  r = await run(["genrate"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command "genrate"; valid commands: demo, generate, sample, calibrate, evaluate, report/);
  r = await run(["generate", "--bogus"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option --bogus; valid options: --env, --episodes, --perturbation/);
  assert.match(r.err, /Run 'policy-posterior generate --help' for usage/);
  r = await run(["generate", "--json", "--episodes", "x"]);
  assert.equal(r.code, 2);
  assert.deepEqual(JSON.parse(r.out), { error: { message: '--episodes must be an integer, got "x"', usage: true } });
  r = await run(["generate", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.out, /--perturbation SPEC +a perturbation, \[name=\]type\[:key=value,\.\.\.\] \(repeatable\)/);
  assert.match(r.out, /--json +print the result as JSON/);
});

test("generate end to end through the compiled executable", () => {
  const dir = mkdtempSync(join(tmpdir(), "pp-cli-"));
  try {
    let r = cli(
      [
        "generate",
        "--env",
        "CartPole-v1",
        "--episodes",
        "5",
        "--max-steps",
        "30",
        "--perturbation",
        "gaussian:std=0.3",
        "--perturbation",
        "fgsm:epsilon=0.05,norm=linf",
        "--unseen",
        "fgsm",
        "--out",
        "data.h5",
        "--seed",
        "0",
        "--provenance-log",
        "provenance.jsonl",
        "--json",
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(res.numEpisodes, 5);
    assert.deepEqual(res.perturbations, ["gaussian", "fgsm"]);
    assert.deepEqual(res.unseen, ["fgsm"]);
    assert.match(r.stderr, /rolling out 5 episodes of CartPole-v1/);
    assert.ok(existsSync(join(dir, "data.h5")));

    // the same through --config, in text mode: identical data
    writeFileSync(
      join(dir, "cfg.json"),
      JSON.stringify({
        env: "CartPole-v1",
        numEpisodes: 5,
        seed: 0,
        maxSteps: 30,
        perturbations: [
          { type: "gaussian", params: { std: 0.3 } },
          { type: "fgsm", params: { epsilon: 0.05, norm: "linf" } },
        ],
        split: { unseen: ["fgsm"] },
      }),
    );
    r = cli(["generate", "--config", "cfg.json", "--out", "again.h5", "--quiet"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "--quiet prints no progress");
    assert.match(r.stdout, /wrote .*again\.h5/);
    assert.match(r.stdout, new RegExp(`data sha256 ${res.dataSha256 as string}`));

    // bad input: exit 2, one clear line, no stack trace, no file
    for (const [args, re] of [
      [["--env", "CartPole-v9", "--out", "bad.h5"], /unknown environment "CartPole-v9"; valid: CartPole-v1/],
      [["--env", "CartPole-v1", "--perturbation", "fgsm:epsilon=-1", "--out", "bad.h5"], /epsilon/],
      [["--env", "CartPole-v1", "--unseen", "gaussian", "--out", "bad.h5"], /split\.unseen names "gaussian"/],
      [["--env", "CartPole-v1", "--out", "no/such/dir/bad.h5"], /--out: cannot write .*does not exist/],
      [["--env", "CartPole-v1"], /--out FILE is required/],
      [["--env", "CartPole-v1", "--config", "missing.json", "--out", "bad.h5"], /--config: cannot read .*ENOENT/],
      [
        ["--env", "CartPole-v1", "--policy", "cfg.json", "--out", "bad.h5"],
        /unknown policy type undefined|policy must be/,
      ],
    ] as [string[], RegExp][]) {
      r = cli(["generate", ...args], dir);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    }
    assert.ok(!existsSync(join(dir, "bad.h5")));
    assert.deepEqual(readdirSync(dir).sort(), ["again.h5", "cfg.json", "data.h5", "provenance.jsonl"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the data set and provenance written by the CLI read back", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pp-cli-"));
  try {
    const r = cli(
      [
        "generate",
        "--env",
        "CartPole-v1",
        "--episodes",
        "4",
        "--max-steps",
        "10",
        "--perturbation",
        "n=gaussian:std=0.1",
      ].concat(["--held-out", "0.5", "--out", "d.h5", "--provenance-log", "p.jsonl", "--quiet"]),
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    const ds = await readDataset(join(dir, "d.h5"));
    assert.equal(ds.numTransitions, 40);
    assert.equal(ds.splits.heldOutEpisodes.length, 2);
    assert.deepEqual(Object.keys(ds.perturbations), ["n"]);
    const log = await readProvenanceLog(join(dir, "p.jsonl"));
    assert.equal(log.records.length, 1);
    assert.equal(log.records[0]!.kind, "dataset");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
