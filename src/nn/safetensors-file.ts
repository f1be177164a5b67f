/**
 * Safetensors files on disk. Writes are atomic: the bytes go to a temporary file in the
 * target's folder, are flushed, and the file is renamed over the target (rename within one
 * file system is atomic in POSIX), so a reader sees the old file or the new one, never a part.
 * @module
 */
import { open, readFile, rename, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { Tree } from "../tensor/tree.js";
import { type Safetensors, loadSafetensors, saveSafetensors } from "./safetensors.js";

/** A temporary name next to `path`, hidden and unique to this process and call. */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

/** Write `bytes` to `path` atomically; on failure the temporary file is removed and the target left as it was. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = temporaryPath(path);
  try {
    const file = await open(tmp, "wx");
    try {
      await file.writeFile(bytes);
      await file.sync(); // the data reaches the disk before the rename makes it visible
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Save the tensors of a tree (and optional string metadata) to a safetensors file at
 * `path`, atomically (see the module comment). Errors name the path.
 */
export async function saveSafetensorsFile(path: string, tree: Tree, metadata?: Record<string, string>): Promise<void> {
  const bytes = saveSafetensors(tree, metadata);
  try {
    await writeFileAtomic(path, bytes);
  } catch (e) {
    throw new Error(`saveSafetensorsFile: could not write ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Load a safetensors file (see {@link loadSafetensors}); errors name the path. */
export async function loadSafetensorsFile(path: string): Promise<Safetensors> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new Error(`loadSafetensorsFile: could not read ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return loadSafetensors(bytes);
  } catch (e) {
    throw new Error(`${(e as Error).message} (in ${path})`, { cause: e });
  }
}
