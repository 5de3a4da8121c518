import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A composer's text, or a feedback form's values by field name. */
export type DraftValue = string | Record<string, string>;

interface Kept {
  value: DraftValue;
  /** When it last changed: past MAX_DRAFTS the oldest go first. */
  at: number;
}

/** Enough for every conversation an agent has open at once, with room to spare; no more, so the file stays small. */
export const MAX_DRAFTS = 200;
/** Per draft, in UTF-8: a long email fits, a pasted file does not make the file huge. */
export const MAX_DRAFT_BYTES = 64 * 1024;
/** After the last keystroke: one write per pause in the typing, not one per key. */
export const WRITE_DELAY_MS = 400;

/**
 * What the agent has typed and not yet sent (composer texts, half-filled
 * feedback forms), kept on disk per agent and server so that a panel killed
 * with kill -9, a closed SSH session or a crashed terminal loses none of it.
 * Changes are written a short while after the last one (and at once by
 * flush), to a temporary file renamed over the old: a kill mid-write leaves
 * the old file whole. A file that cannot be read or makes no sense is
 * ignored: the panel starts with no drafts rather than not at all.
 */
export class DraftFile {
  private kept: Map<string, Kept>;
  /** The drafts this panel set or forgot: only these are laid over the file, so two panels of one agent keep each other's. */
  private readonly touched = new Set<string>();
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private failed = false;

  /**
   * `file` null keeps the drafts in memory only (tests, a panel with no journal file).
   * `onError` hears once that drafts cannot be written (a full disk, a directory not ours).
   */
  constructor(
    private readonly file: string | null,
    private readonly options: { delayMs?: number; onError?: (e: Error) => void } = {},
  ) {
    this.kept = read(file);
  }

  get(key: string): DraftValue | undefined {
    return this.kept.get(key)?.value;
  }

  /** Keep `value` under `key`; an empty text or form (or null) forgets it. */
  set(key: string, value: DraftValue | null): void {
    const entry = value === null || isEmpty(value) ? null : { value: bounded(value), at: Date.now() };
    if (!entry && !this.kept.has(key)) return;
    if (entry) this.kept.set(key, entry);
    else this.kept.delete(key);
    this.touched.add(key);
    this.dirty = true;
    if (!this.file) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.delayMs ?? WRITE_DELAY_MS);
    // A draft waiting to be written must not keep a script's process alive.
    this.timer.unref();
  }

  /** The keys kept that start with `prefix`. */
  keys(prefix: string): string[] {
    return [...this.kept.keys()].filter((k) => k.startsWith(prefix));
  }

  /** Write what changed now (a clean exit, a logout). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.file || !this.dirty) return;
    // Read again: another panel of the same agent may have written its own drafts meanwhile.
    const merged = read(this.file);
    for (const key of this.touched) {
      const entry = this.kept.get(key);
      if (entry) merged.set(key, entry);
      else merged.delete(key);
    }
    const newest = [...merged].sort((a, b) => b[1].at - a[1].at).slice(0, MAX_DRAFTS);
    try {
      if (newest.length === 0) rmSync(this.file, { force: true });
      else writeAtomically(this.file, `${JSON.stringify({ v: 1, drafts: Object.fromEntries(newest) })}\n`);
      this.dirty = false;
    } catch (e) {
      // Still dirty: the next change tries again, with everything this panel holds.
      if (!this.failed) this.options.onError?.(e as Error);
      this.failed = true;
    }
  }

  close(): void {
    this.flush();
  }
}

/** The drafts in `file`; none when it is absent, unreadable or broken, and only the entries that make sense. */
function read(file: string | null): Map<string, Kept> {
  const kept = new Map<string, Kept>();
  if (!file) return kept;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return kept; // absent, unreadable, or cut short by something other than us: start with none
  }
  const drafts = (parsed as { drafts?: unknown } | null)?.drafts;
  if (!drafts || typeof drafts !== 'object') return kept;
  for (const [key, entry] of Object.entries(drafts as Record<string, unknown>)) {
    const { value, at } = (entry ?? {}) as { value?: unknown; at?: unknown };
    if (typeof at === 'number' && isDraftValue(value) && !isEmpty(value)) kept.set(key, { value: bounded(value), at });
  }
  return new Map([...kept].sort((a, b) => b[1].at - a[1].at).slice(0, MAX_DRAFTS));
}

function isDraftValue(value: unknown): value is DraftValue {
  if (typeof value === 'string') return true;
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every((v) => typeof v === 'string');
}

function isEmpty(value: DraftValue): boolean {
  return typeof value === 'string' ? value === '' : Object.values(value).every((v) => v === '');
}

/** A draft cut to MAX_DRAFT_BYTES (a form's share per field): its start is kept, never a broken character. */
function bounded(value: DraftValue): DraftValue {
  if (typeof value === 'string') return cut(value, MAX_DRAFT_BYTES);
  const share = Math.floor(MAX_DRAFT_BYTES / Math.max(1, Object.keys(value).length));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cut(v, share)]));
}

function cut(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  // Cutting UTF-8 mid-character leaves a replacement character at the end: drop it.
  return Buffer.from(text).subarray(0, bytes).toString('utf8').replace(/\uFFFD+$/, '');
}

/** Replace `file` with `text` whole, or not at all: a temporary file, synced, renamed over it. */
function writeAtomically(file: string, text: string): void {
  // Customers' names and what was written to them: for this user's eyes only.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
