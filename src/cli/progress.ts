/**
 * Progress reporting for long CLI work, always on stderr (stdout stays clean for results and
 * `--json`). On a terminal a bar is redrawn in place (carriage return + erase line, at most
 * every 80 ms); elsewhere (a pipe, a CI log) each milestone is one plain line, and a bar prints
 * a line only when it crosses a quarter, so logs stay short.
 * @module
 */

/** Where progress goes: anything with `write`, and `isTTY` when it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** A progress reporter. */
export interface Progress {
  /** A one-off message (a stage finished, a file written). */
  milestone(text: string): void;
  /** Start a bar of `total` units labelled `label`. */
  start(label: string, total: number): void;
  /** Set the current bar to `done` units (clamped to [0, total]). */
  update(done: number): void;
  /** Complete the current bar (draws it at 100 %). */
  finish(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Default `process.stderr`. */
  readonly stream?: ProgressStream;
  /** Print nothing (for `--quiet`). */
  readonly quiet?: boolean;
  /** Force the terminal (`true`) or line (`false`) style; default from `stream.isTTY`. */
  readonly tty?: boolean;
  /** Clock in ms (tests pass a fake one). */
  readonly now?: () => number;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 80;

/** The text of a bar: `label [#####.....]  42% (21/50)`. */
export function formatBar(label: string, done: number, total: number): string {
  const f = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(f * BAR_WIDTH);
  return `${label} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${String(Math.floor(f * 100)).padStart(3)}% (${done}/${total})`;
}

/** A progress reporter writing to stderr (see the module comment for the two styles). */
export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  if (options.quiet) return { milestone() {}, start() {}, update() {}, finish() {} };
  let label = "";
  let total = 0;
  let done = 0;
  let active = false;
  let lastDraw = -Infinity;
  let lastQuarter = -1;
  const draw = (force: boolean) => {
    if (tty) {
      const t = now();
      if (!force && t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      stream.write(`\r\x1b[2K${formatBar(label, done, total)}`);
    } else {
      const quarter = total > 0 ? Math.floor((4 * done) / total) : 4;
      if (quarter === lastQuarter && !force) return;
      lastQuarter = quarter;
      stream.write(`${formatBar(label, done, total)}\n`);
    }
  };
  const endLine = () => {
    if (active && tty) stream.write("\n");
    active = false;
  };
  return {
    milestone(text) {
      if (active && tty) stream.write("\r\x1b[2K"); // clear the bar, print the line, redraw below
      stream.write(`${text}\n`);
      if (active && tty) draw(true);
    },
    start(l, t) {
      endLine();
      label = l;
      total = Math.max(0, t);
      done = 0;
      active = true;
      lastQuarter = -1;
      draw(true);
    },
    update(d) {
      if (!active) return;
      done = Math.min(total, Math.max(0, d));
      draw(false);
    },
    finish() {
      if (!active) return;
      if (done !== total || tty) {
        done = total;
        draw(true);
      }
      endLine();
    },
  };
}
