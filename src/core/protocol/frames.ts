import { z } from 'zod';
import type { ErrorCode } from './error-codes.js';
import { formatPath } from './path.js';

/** Protocol v1 envelopes (see docs/architecture.md and DESIGN.md section 3). */
export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * The largest frame each sender may send (bytes). Only a supervisor's imports
 * (leads, contacts) come near MAX_FRAME_BYTES. An agent's largest is a
 * 20,000-character message or a disposition form; a visitor's, a
 * 20,000-character message (at most 6 bytes a character as JSON); nothing
 * sent before login is more than a few hundred bytes. A frame over its
 * sender's limit is refused before it is decoded: nobody can make the server
 * read megabytes it would refuse anyway (under a flood of them the server's
 * heap grew by a hundred MiB of frames waiting to be collected).
 */
export const FRAME_LIMITS = {
  anonymous: 16 * 1024,
  visitor: 128 * 1024,
  agent: 256 * 1024,
  supervisor: MAX_FRAME_BYTES,
} as const;

export type FrameSender = keyof typeof FRAME_LIMITS;

const WHO: Record<FrameSender, string> = {
  anonymous: 'before login',
  visitor: "from a visitor's chat",
  agent: "from an agent's panel",
  supervisor: "from a supervisor's panel",
};

/** Whether a frame of this size may be read from this sender: the refusal if not. */
export function frameTooLarge(bytes: number, sender: FrameSender): ErrorBody | null {
  const limit = FRAME_LIMITS[sender];
  if (bytes <= limit) return null;
  const kib = (n: number) => `${Math.ceil(n / 1024).toLocaleString('en')} KiB`;
  return { code: 'FRAME_TOO_LARGE', message: `Frames ${WHO[sender]} may be at most ${kib(limit)}; this one has ${kib(bytes)}, so it was not read.` };
}

export const commandFrameSchema = z.object({
  v: z.literal(1, { error: 'expected v to be 1 (the protocol version)' }),
  id: z.string({ error: 'expected id to be a string' }).min(1).max(128, { error: 'expected an id of at most 128 characters' }),
  cmd: z.string({ error: 'expected cmd to be a command name such as "agent.pause"' }).max(64, { error: 'expected cmd to be a command name such as "agent.pause"' }).regex(/^[a-z]+\.[a-zA-Z]+$/, {
    error: 'expected cmd to be a command name such as "agent.pause"',
  }),
  args: z.record(z.string(), z.unknown()).optional(),
});

export type CommandFrame = z.infer<typeof commandFrameSchema>;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type ResponseFrame =
  | { v: 1; re: string | null; ok: true; result: unknown }
  | { v: 1; re: string | null; ok: false; error: ErrorBody };

export function errorFrame(re: string | null, error: ErrorBody): ResponseFrame {
  return { v: 1, re, ok: false, error };
}

export function okFrame(re: string, result: unknown): ResponseFrame {
  return { v: 1, re, ok: true, result };
}

/** Parse one text frame from a client; never throws. */
export function parseCommandFrame(text: string): { ok: true; frame: CommandFrame } | { ok: false; response: ResponseFrame } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, response: errorFrame(null, { code: 'BAD_JSON', message: 'The frame is not valid JSON.' }) };
  }
  const re = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
  if (raw && typeof raw === 'object' && 'v' in raw && (raw as { v: unknown }).v !== 1) {
    return {
      ok: false,
      response: errorFrame(re, { code: 'UNSUPPORTED_VERSION', message: 'This server speaks protocol version 1 only.' }),
    };
  }
  const parsed = commandFrameSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = formatPath(issue.path);
    return {
      ok: false,
      response: errorFrame(re, {
        code: 'BAD_FRAME',
        message: `The frame must look like {"v":1,"id":"...","cmd":"noun.verb","args":{...}}; ${where ? `${where}: ` : ''}${issue.message}.`,
      }),
    };
  }
  return { ok: true, frame: parsed.data };
}
