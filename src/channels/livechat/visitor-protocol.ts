import { z } from 'zod';
import type { ErrorCode } from '../../core/protocol/error-codes.js';
import { formatPath } from '../../core/protocol/path.js';
import type { Attachment, ClosedBy, ConversationStatus, Message } from '../../core/protocol/model.js';

/**
 * The live chat visitor's protocol on /visitor: plain JSON frames with a
 * `type`, much smaller than the agents' protocol because a visitor has one
 * conversation and a handful of things to do. The page (src/server/chat) and
 * the demo's simulated visitors both speak it.
 */

const text = (what: string, max: number) => z.string({ error: `expected ${what} as text` }).max(max, { error: `expected ${what} of at most ${max} characters` });

const geo = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  city: z.string().max(100).nullable().default(null),
  country: z.string().max(100).nullable().default(null),
});

export const visitorFrameSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('start'),
      name: text('your name', 100),
      email: text('the email address', 200).optional(),
      queue: z.string().max(100).optional(),
      visitorId: z.string({ error: 'expected the visitor id' }).min(1).max(100),
      geo: geo.optional(),
      /** The first message, asked on the page's form before the chat starts. */
      text: text('the message', 20_000).optional(),
    }),
    z.object({ type: z.literal('resume'), conversationId: z.string().min(1).max(200), visitorToken: z.string().min(1).max(400) }),
    z.object({
      type: z.literal('message'),
      text: text('the message', 20_000).default(''),
      attachments: z.array(z.string().min(1).max(200)).max(10, { error: 'expected at most 10 files in one message' }).default([]),
      /** The page's own id for the message: sent again after a lost answer, it is stored once (see sentBefore). */
      clientId: z.string().min(1).max(100).optional(),
    }),
    // The live draft: the agent sees every keystroke, so nothing is throttled here.
    z.object({ type: z.literal('typing'), text: z.string().max(20_000) }),
    z.object({ type: z.literal('seen') }),
    z.object({ type: z.literal('close') }),
    z.object({ type: z.literal('survey'), score: z.number({ error: 'expected the score as a number' }), comment: text('the comment', 1000).default('') }),
    // An address to be answered at when no agent is online.
    z.object({ type: z.literal('email'), email: text('the email address', 200) }),
  ],
  { error: 'expected type to be one of start, resume, message, typing, seen, close, survey, email' },
);

export type VisitorFrame = z.infer<typeof visitorFrameSchema>;

/** A message as the visitor sees it: no agent numbers, only the name they are shown. */
export interface VisitorMessage {
  id: string;
  author: Message['author'];
  /** The agent's name on agent messages; null otherwise. */
  name: string | null;
  text: string;
  attachments: Attachment[];
  at: number;
  /** For the visitor's own messages: the agent has read it (✓✓). */
  seen: boolean;
  /** For the visitor's own messages: the page's id for it, when the page gave one. */
  clientId: string | null;
}

export interface VisitorConversation {
  id: string;
  queue: string;
  queueName: string;
  subject: string;
  status: ConversationStatus;
  surveyPending: boolean;
  /** The name of the agent the chat is with; null while it waits for one. */
  agentName: string | null;
  /** The address the visitor gave, where the centre may answer; null when none. */
  email: string | null;
}

export type ServerFrame =
  /** `omitted`: how many messages before these were not sent (a chat too long to send whole). */
  | { type: 'started'; conversation: VisitorConversation; visitorToken: string; messages: VisitorMessage[]; omitted: number }
  | { type: 'message'; message: VisitorMessage }
  | { type: 'seen'; ids: string[] }
  | { type: 'typing'; active: boolean }
  | { type: 'status'; status: ConversationStatus; surveyPending: boolean }
  | { type: 'survey'; question: string }
  /** While the chat waits for an agent: its place in line, a rough wait, and whether anyone can answer (0: no one). */
  | { type: 'wait'; position: number; estimateMinutes: number | null; agentsOnline: number }
  /** The agent the chat is now with (a name only), or null when it went back to waiting. */
  | { type: 'agent'; name: string | null }
  /** The email address the visitor gave during the chat was kept. */
  | { type: 'email'; email: string }
  | { type: 'closed'; by: ClosedBy | null }
  | { type: 'banned'; reason: string; until: string }
  /** `clientId`: the message refused, when the refusal is of a message the page gave an id. */
  | { type: 'error'; code: ErrorCode; message: string; clientId?: string };

/** Parse one frame from a visitor; the error is a sentence the page can show. */
export function parseVisitorFrame(raw: string): { ok: true; frame: VisitorFrame } | { ok: false; code: ErrorCode; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'BAD_JSON', message: 'The frame is not valid JSON.' };
  }
  const parsed = visitorFrameSchema.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = formatPath(issue.path);
  return { ok: false, code: 'BAD_FRAME', message: `${where ? `${where}: ` : ''}${issue.message}.` };
}
