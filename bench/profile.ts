/**
 * Where the time of one of this library's benchmark workloads goes: runs it for a few
 * seconds under V8's sampling profiler (through node:inspector, in process) and prints the
 * self time by source file and by function.
 *
 * Usage: `node dist/bench/profile.js <eightSchools|softmaxPolicy|mlp> [seconds]`.
 * @module
 */
import { Session } from "node:inspector/promises";
import { eightSchools64, mlp64, softmaxPolicy64 } from "./workloads/ours.js";
import type { Implementation } from "./workload.js";

const builders: Record<string, () => Implementation> = {
  eightSchools: eightSchools64,
  softmaxPolicy: softmaxPolicy64,
  mlp: mlp64,
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The path of a source file below dist/, or the whole URL (or a V8 pseudo-frame name). */
function fileOf(frame: ProfileNode["callFrame"]): string {
  const u = frame.url;
  const i = u.indexOf("/dist/");
  if (i >= 0) return u.slice(i + 6);
  return u === "" ? frame.functionName : u;
}

function top(map: Map<string, number>, total: number, count: number): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join("\n");
}

async function main(): Promise<void> {
  const [which = "eightSchools", secondsArg = "3"] = process.argv.slice(2);
  const build = builders[which];
  if (build === undefined)
    throw new Error(`profile: unknown workload ${which} (expected ${Object.keys(builders).join(", ")})`);
  const seconds = Number(secondsArg);
  if (!(seconds > 0)) throw new Error(`profile: seconds must be positive, got ${secondsArg}`);
  const impl = build();
  const warm = performance.now();
  while (performance.now() - warm < 500) impl.run();

  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 50 });
  await session.post("Profiler.start");
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    impl.run();
    calls++;
  }
  const elapsed = performance.now() - t0;
  const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
  session.disconnect();

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const dt = profile.timeDeltas[i]!;
    const file = fileOf(frame);
    const fn = `${frame.functionName || "(anonymous)"}  ${file}:${frame.lineNumber + 1}`;
    byFile.set(file, (byFile.get(file) ?? 0) + dt);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
    total += dt;
  });
  console.log(`${which}: ${calls} calls, ${((1000 * elapsed) / calls).toFixed(2)} µs per call (profiler on)\n`);
  console.log(`self time by file:\n${top(byFile, total, 15)}\n`);
  console.log(`self time by function:\n${top(byFunction, total, 25)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
