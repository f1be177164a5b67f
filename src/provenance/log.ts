/**
 * The append-only JSON-lines provenance log: one record per line.
 *
 * Why appends never interleave or tear: the line (record + "\n") is written with a single
 * `write(2)` on a file descriptor opened with `O_APPEND`, so the kernel moves to the end and
 * writes in one step. On Linux local file systems a single write to a regular file is not
 * interleaved with other writers' writes (the inode lock is held for the whole write; POSIX
 * guarantees the seek-and-write of O_APPEND is atomic, and PIPE_BUF atomicity is only promised
 * for pipes). A short write — a full disk, or a crash — is the remaining way to get a partial
 * last line; {@link readProvenanceLog} skips and reports such a line instead of failing, and
 * the next append starts on a fresh line. `fsync` follows so a returned append is on disk.
 * @module
 */
import { constants } from "node:fs";
import { open, readFile } from "node:fs/promises";
import type { ProvenanceRecord } from "./record.js";

/**
 * Append `record` as one JSON line to the log at `logPath` (created if absent), then fsync. If
 * the file does not end with a newline (an earlier torn write), a newline is written first in
 * the same write call so the new record starts its own line.
 */
export async function appendProvenance(logPath: string, record: ProvenanceRecord): Promise<void> {
  const json = JSON.stringify(record);
  if (json === undefined || json.includes("\n")) throw new Error("appendProvenance: record is not single-line JSON");
  let handle;
  try {
    handle = await open(logPath, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
  } catch (e) {
    throw new Error(`appendProvenance: cannot open ${logPath}: ${(e as Error).message}`, { cause: e });
  }
  try {
    const { size } = await handle.stat();
    let prefix = "";
    if (size > 0) {
      const last = Buffer.alloc(1);
      const fh = await open(logPath, "r");
      try {
        await fh.read(last, 0, 1, size - 1);
      } finally {
        await fh.close();
      }
      if (last[0] !== 0x0a) prefix = "\n";
    }
    const line = Buffer.from(`${prefix}${json}\n`, "utf8");
    const { bytesWritten } = await handle.write(line, 0, line.length);
    if (bytesWritten !== line.length)
      throw new Error(`appendProvenance: short write to ${logPath} (${bytesWritten} of ${line.length} bytes)`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What {@link readProvenanceLog} returns. */
export interface ProvenanceLog {
  readonly records: ProvenanceRecord[];
  /** Lines that did not parse (1-based line numbers); a torn last line shows up here. */
  readonly skipped: { readonly line: number; readonly text: string; readonly reason: string }[];
}

/**
 * Read a provenance log. Lines that are not valid JSON objects (a torn last line, or damage) are
 * skipped and listed in `skipped` instead of failing the read. A missing file is an error.
 */
export async function readProvenanceLog(path: string): Promise<ProvenanceLog> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`readProvenanceLog: cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  const records: ProvenanceRecord[] = [];
  const skipped: { line: number; text: string; reason: string }[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    if (raw.trim().length === 0) return;
    const lastLine = i === lines.length - 1; // no newline after it: possibly torn
    try {
      const v = JSON.parse(raw) as unknown;
      if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not a JSON object");
      records.push(v as ProvenanceRecord);
    } catch (e) {
      const reason = lastLine ? "partial last line (no newline; an interrupted write)" : (e as Error).message;
      skipped.push({ line: i + 1, text: raw.length > 200 ? `${raw.slice(0, 200)}…` : raw, reason });
    }
  });
  return { records, skipped };
}
