import type { TokenBucketRate } from '../core/token-buckets.js';
import { CONNECTION_LIMIT_DEFAULTS } from '../core/config/connection-limits.js';
import type { Config } from '../core/config/schema.js';

/**
 * What one client may hold of the server, and for how long. The defaults
 * suit production; tests shorten the times to see them work.
 */
export interface ServerLimits {
  /** An agent's socket must log in within this long (the login screen reconnects by itself). */
  loginDeadlineMs: number;
  /** A visitor's socket must start or resume a chat within this long. */
  startDeadlineMs: number;
  /**
   * Sockets not logged in (agents) or not chatting (visitors) one address may
   * hold at once: enough for a whole office behind one NAT opening the login
   * screen together, far too few to wear the server down.
   */
  anonymousSocketsPerAddress: number;
  /**
   * Logged-in sockets one agent may hold at once (on this server): a panel
   * reconnecting before its old socket is gone, several windows, SSH panels
   * and scripts. Each receives every event of the agent, so without a bound
   * one agent's token held thousands of sockets, each sent all of them.
   * The configuration's `security.socketsPerAgent`.
   */
  socketsPerAgent: number;
  /** A request must have sent its headers within this long... */
  headersTimeoutMs: number;
  /** ...and all of itself within this long (a 20 MB upload on a slow link). */
  requestTimeoutMs: number;
  /** An HTTP connection saying nothing for this long is closed. */
  idleTimeoutMs: number;
  /**
   * HTTP connections one address may hold at once (webhooks, the chat page,
   * files; not WebSockets once upgraded, nor trusted proxies): past it a new
   * one is answered 429 and closed. Time alone bounded them, and a request
   * every 25 s held a connection for ever. The configuration's
   * `security.httpConnectionsPerAddress`.
   */
  httpConnectionsPerAddress: number;
  /**
   * Live figures and colleagues' states reach a panel at most once per this
   * long, latest values only (the gateway's batches): the bound on their delay.
   * A second, the top of the scale issue's range: in a rush hour every panel's
   * queues move in every interval, so a panel gets a batch each interval, and
   * at 4,000 agents half a second made those batches the largest cost per call.
   */
  liveIntervalMs: number;
  /**
   * What one visitor's chat may send that is stored (messages, with or
   * without files, and email addresses): beyond it they are refused with
   * TOO_MANY_MESSAGES. Each message may be 20,000 characters, so without a
   * rate one socket filled the disk at megabytes a second.
   */
  visitorChatMessages: TokenBucketRate;
  /**
   * The same for all chats from one address together: an address may start
   * 5 chats a minute, and without this each new one would add its own rate.
   */
  visitorAddressMessages: TokenBucketRate;
  /**
   * Sockets one visitor's chat may be open in at once (tabs, a phone beside
   * the laptop). Its token resumes it from anywhere: without a bound one chat
   * held thousands of sockets from one address, each sent the chat's log and
   * every event of it, past the per-address limit of sockets not chatting.
   */
  visitorSocketsPerChat: number;
  /**
   * Visitor sockets one address may hold at once, chatting or not: with 5
   * chats a minute, each open in 10 sockets, one address otherwise gained 50
   * sockets a minute for as long as it liked.
   */
  visitorSocketsPerAddress: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  loginDeadlineMs: 120_000,
  startDeadlineMs: 120_000,
  anonymousSocketsPerAddress: 200,
  socketsPerAgent: CONNECTION_LIMIT_DEFAULTS.socketsPerAgent,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
  httpConnectionsPerAddress: CONNECTION_LIMIT_DEFAULTS.httpConnectionsPerAddress,
  liveIntervalMs: 1000,
  // A person types far slower than one message a second; 10 at once lets a
  // few pasted lines sent one after another, or several files, through.
  visitorChatMessages: { burst: 10, perSecond: 1 },
  // Three chats at full speed, or some 30 people behind one office's NAT each
  // writing every ten seconds; an attacker's added chats add nothing beyond it.
  visitorAddressMessages: { burst: 30, perSecond: 3 },
  visitorSocketsPerChat: 10,
  // Far more people than one office or one mobile operator's shared address puts on one website's chat at once.
  visitorSocketsPerAddress: 500,
};

/**
 * A server's limits: the configuration's (`security`) over the defaults, and
 * over both what the caller sets (tests shorten times, benches lift caps).
 */
export function limitsWith(overrides: Partial<ServerLimits> | undefined, config?: Config): ServerLimits {
  const configured = config ? { socketsPerAgent: config.security.socketsPerAgent, httpConnectionsPerAddress: config.security.httpConnectionsPerAddress } : {};
  return { ...DEFAULT_LIMITS, ...configured, ...overrides };
}
