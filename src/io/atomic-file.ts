/**
 * Atomic file replacement: content is produced in a temporary file in the target's folder,
 * flushed to disk, and renamed over the target. `rename(2)` within one file system is atomic in
 * POSIX, so a reader sees the old file or the complete new one, never a part; a write that
 * fails removes its temporary file. (A process killed with SIGKILL mid-write can leave a hidden
 * `.name.<pid>.<hex>.tmp` file next to the target, but never a partial file at the target.)
 *
 * The byte-level writer already exists in `nn/safetensors-file.ts` and is re-exported here;
 * {@link writeAtomically} generalises it to writers that need a path (h5wasm writes through the
 * host file system itself).
 * @module
 */
import { randomBytes } from "node:crypto";
import { constants, statSync, accessSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

export { writeFileAtomic } from "../nn/safetensors-file.js";

/** A temporary name next to `path`, hidden and unique to this process and call. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Throw a clear error unless a file can be created at `path`: its folder must exist, be a
 * folder and be writable, and `path` itself must not be a folder. Cheap; call it before
 * expensive work so a bad output path fails first. `where` names the caller in the message.
 */
export function checkWritableFile(path: string, where: string): void {
  if (typeof path !== "string" || path.length === 0)
    throw new Error(`${where}: output path must be a non-empty string, got ${JSON.stringify(path)}`);
  const dir = dirname(resolve(path));
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new Error(`${where}: cannot write ${path}: folder ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw new Error(`${where}: cannot write ${path}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new Error(`${where}: cannot write ${path}: folder ${dir} is not writable`);
  }
  try {
    if (statSync(path).isDirectory()) throw new Error(`${where}: cannot write ${path}: it is a folder`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

/** Flush a file's data to disk (fsync). */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Run `write(tmp)` to produce a complete file at the temporary path `tmp`, then fsync it and
 * rename it over `path`. If `write` (or the flush or rename) throws, the temporary file is
 * removed and the error rethrown; `path` is untouched.
 */
export async function writeAtomically(path: string, write: (tmp: string) => void | Promise<void>): Promise<void> {
  const tmp = temporaryPathFor(path);
  try {
    await write(tmp);
    await syncFile(tmp); // the data reaches the disk before the rename makes it visible
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
