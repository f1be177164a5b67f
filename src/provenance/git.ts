/**
 * The git commit of the working tree a run came from, for provenance records.
 * @module
 */
import { execFileSync } from "node:child_process";

/**
 * The current commit (`git rev-parse HEAD` in `cwd`, default the process's folder), or
 * `undefined` when git is absent, `cwd` is not in a repository, or anything else fails. Never
 * throws. `dirty` is true when tracked files differ from the commit (`git status --porcelain
 * --untracked-files=no` prints something).
 */
export function gitCommit(cwd: string = process.cwd()): { commit: string; dirty: boolean } | undefined {
  try {
    const run = (args: string[]) =>
      execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
    const commit = run(["rev-parse", "HEAD"]);
    if (!/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
    let dirty = false;
    try {
      dirty = run(["status", "--porcelain", "--untracked-files=no"]).length > 0;
    } catch {
      dirty = false;
    }
    return { commit, dirty };
  } catch {
    return undefined;
  }
}
