/**
 * NDJSON input for the batch route: lines split on the bytes as they arrive, so a blank line costs a
 * byte comparison, a line is decoded only when it has something in it, and no line is held beyond
 * its limit; and a pacer that lets a long batch give way to other requests.
 */

const NEWLINE = 0x0a;

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Calls `onLine(n, text)` for each line of the body that is not blank, n counting from 1 over every
 * line; `text` is undefined for a line longer than maxLineBytes (its bytes are skipped, not kept).
 * Errors of the body stream (a body limit passed, a client gone) are thrown. Returns the line count.
 */
export async function forEachLine(
  body: ReadableStream<Uint8Array>,
  maxLineBytes: number,
  onLine: (line: number, text: string | undefined) => Promise<void>,
  pacer?: Pacer,
): Promise<number> {
  const decoder = new TextDecoder();
  let line = 0;
  let parts: Uint8Array[] = [];
  let pending = 0;
  let tooLong = false;
  const finish = async () => {
    line += 1;
    const bytes = concat(parts, pending);
    const over = tooLong;
    parts = [];
    pending = 0;
    tooLong = false;
    if (over) return onLine(line, undefined);
    // It starts with a byte that is not blank; trim() still catches other (Unicode) blanks.
    const text = decoder.decode(bytes);
    if (text.trim()) await onLine(line, text);
  };
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let start = 0;
      while (start < value.length) {
        if (pending === 0 && !tooLong) {
          // Blank lines, and the blanks that start a line, cost a byte comparison each.
          while (start < value.length) {
            const b = value[start];
            if (b === NEWLINE) line += 1;
            else if (b !== 0x20 && b !== 0x0d && b !== 0x09) break;
            start += 1;
          }
          if (start === value.length) break;
        }
        const newline = value.indexOf(NEWLINE, start);
        const end = newline < 0 ? value.length : newline;
        if (!tooLong) {
          if (pending + (end - start) > maxLineBytes) {
            tooLong = true;
            parts = [];
            pending = 0;
          } else {
            parts.push(value.subarray(start, end));
            pending += end - start;
          }
        }
        if (newline < 0) break;
        await finish();
        start = newline + 1;
      }
      if (pacer?.due()) await pacer.yield();
    }
  } finally {
    reader.releaseLock();
  }
  if (pending > 0 || tooLong) await finish();
  return line;
}

/** Gives way to the event loop: other requests' I/O and timers run before this resumes. */
export function yieldToEventLoop(): Promise<void> {
  // setImmediate on Node (after pending I/O); Workers have no setImmediate, and a 0 ms timer does there.
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * A long loop asks `due()` after each step and, when it is, awaits `yield()`: so it gives way at least
 * every `everyMs` milliseconds of work, and costs a clock reading per step otherwise. (Awaiting a
 * stream's write or read does not give way: those resolve as microtasks while data is buffered.)
 */
export class Pacer {
  private last = performance.now();
  /** How many times it gave way (for tests and benchmarks). */
  yields = 0;

  constructor(private readonly everyMs: number) {}

  due(): boolean {
    return performance.now() - this.last >= this.everyMs;
  }

  async yield(): Promise<void> {
    this.yields += 1;
    await yieldToEventLoop();
    this.last = performance.now();
  }
}
