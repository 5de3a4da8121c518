import { z } from 'zod';
import type { ErrorCode } from './error-codes.js';
import { formatPath } from './path.js';

/** Protocol v1 envelopes (see docs/architecture.md and DESIGN.md section 3). */
export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 1024 * 1024;

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
