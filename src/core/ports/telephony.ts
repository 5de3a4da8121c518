import type { Device, ReleaseCause } from '../protocol/model.js';

/**
 * The telephony port, shaped for a B2BUA: every call has a customer leg (the
 * caller, or the lead we dialled) and, once an agent is involved, an agent leg
 * (the agent's deskphone or softphone). The core asks for legs to be offered,
 * answered, bridged, held and released; the telephony side reports what
 * happened to them. The simulator and the SIP adapter both implement it.
 */
export interface AgentDevice {
  agent: string;
  device: Device;
  autoAnswer: boolean;
}

export interface InboundLeg {
  legId: string;
  /** The number the caller dialled (a voice queue number). */
  dialed: string;
  from: { number: string; name: string | null };
  /** Name of the Enhanced Ring Group the call came through, if any. */
  erg: string | null;
}

export interface DialContext {
  campaign?: string;
  strategy?: string;
  /**
   * The agent on the call from the start (click-to-dial, preview, progressive,
   * callbacks): a B2BUA rings their phone first and calls out with its offer.
   */
  agent?: { legId: string; device: AgentDevice };
}

/** How the core wants a call connected. */
export interface BridgeOptions {
  /**
   * Record the conversation from now until the agent leg is released (the
   * queue's `record` switch). Only telephony that carries media can (the
   * simulator); over SIP there is no media, and calls are not recorded.
   */
  record?: boolean;
}

/** A finished recording, as the telephony side hands it over: the bytes of an audio file. */
export interface TelephonyRecording {
  /** A file name for people, e.g. "recording-leg-a-12.wav". */
  name: string;
  /** MIME type of the bytes, e.g. "audio/wav". */
  type: string;
  bytes: Uint8Array;
  /** How long it plays. */
  seconds: number;
}

/** What the telephony side reports to the core. */
export interface TelephonyEvents {
  inboundLeg(leg: InboundLeg): void;
  legAnswered(legId: string): void;
  legHeld(legId: string): void;
  legResumed(legId: string): void;
  legReleased(legId: string, cause: ReleaseCause, detail?: string): void;
  /** Progress on a leg worth showing the agent (e.g. "180 Ringing", transfer progress). */
  legProgress(legId: string, text: string): void;
  /** The telephony side is (not) able to place and take calls. */
  serviceState(ready: boolean, reason?: string): void;
  /** An agent's deskphone registered, unregistered or expired (`detail` says where or why). */
  deviceState(agent: string, registered: boolean, detail?: string): void;
  /**
   * A recording asked for with `bridge(..., { record: true })` is finished:
   * reported once the agent leg (`legId`) is released. The server keeps the
   * bytes as a file (the core does no I/O) and the core links it to the call.
   * Optional: telephony without media never reports one.
   */
  recordingReady?(legId: string, recording: TelephonyRecording): void;
}

/** What the core asks of the telephony side. Answers arrive as TelephonyEvents. */
export interface TelephonyPort {
  start(events: TelephonyEvents): void;
  stop(): void;
  /**
   * Ring the agent's device for the call whose customer leg is given. The core
   * names the new agent leg (`legId`) so that it can record the offer in the
   * same transaction, before the request is made.
   */
  offerAgentLeg(
    legId: string,
    customerLeg: string,
    device: AgentDevice,
    /** For a call between two agents, `device` names the calling agent's phone (the "customer" leg). */
    caller: { number: string; name: string | null; device?: AgentDevice },
  ): void;
  /** Answer the customer leg and connect it to the agent leg. */
  bridge(customerLeg: string, agentLeg: string, options?: BridgeOptions): void;
  hold(legId: string): void;
  resume(legId: string): void;
  release(legId: string, cause: ReleaseCause): void;
  /** Place an outbound call on a leg the core has named; `context` says what it is for. */
  dial(legId: string, to: string, callerId: string | null, context?: DialContext): void;
  /** Send the customer leg to an outside number (blind transfer). */
  transferOut(customerLeg: string, to: string): void;
  /** Whether the agent's device can be reached now, and why not. */
  deviceReachable(device: AgentDevice): { ok: true } | { ok: false; reason: string };
  /**
   * Whether an answer given in the panel can connect a call ringing on this
   * device. Over SIP nothing can take a ringing deskphone off-hook unless it
   * answers by itself (auto-answer): the agent lifts the handset. Absent: it can.
   */
  answersFromPanel?(device: AgentDevice): boolean;
}
