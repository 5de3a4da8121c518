/**
 * The small part of drachtio-srf 5 the SIP adapter uses, written down as
 * types. The adapter depends on these, not on the library, so that the
 * unit tests drive it with a fake (test/telephony/fake-srf.ts) and only
 * connection.ts loads the real thing. Shapes follow drachtio-srf's
 * lib/srf.js, lib/dialog.js and lib/request.js.
 */

/** Any SIP message: headers by name (case-insensitive), and a body. */
export interface SipMessage {
  get(name: string): string | undefined;
  has(name: string): boolean;
  body: string;
}

/** A request that reached us from the network (INVITE, REGISTER, NOTIFY in a dialog). */
export interface IncomingRequest extends SipMessage {
  method: string;
  uri: string;
  /** User part of the Request-URI (what the caller dialled). */
  calledNumber: string;
  /** User part of the From URI. */
  callingNumber: string;
  callingName?: string;
  source_address?: string;
  source_port?: number;
  /** The transport it came over: udp, tcp, tls, ws, wss. */
  protocol?: string;
  /** INVITE only: the caller sent CANCEL (drachtio has already answered 200 and 487). */
  on(event: 'cancel', listener: () => void): unknown;
}

/** How we answer a request that reached us. */
export interface OutgoingResponse {
  send(status: number, reason?: string | ResponseOptions, opts?: ResponseOptions): void;
  finalResponseSent?: boolean;
}

export interface ResponseOptions {
  headers?: Record<string, string>;
  body?: string;
}

/** A final or provisional response to a request we sent. */
export interface ReceivedResponse extends SipMessage {
  status: number;
  reason: string;
}

/** An INVITE we sent that has no final response yet: it can be cancelled. */
export interface PendingInvite {
  cancel(opts?: { headers?: Record<string, string> }, callback?: (err: unknown) => void): void;
}

/** An established INVITE dialog, either side. */
export interface Dialog {
  /** What we last sent, and our Contact (2xx answers to re-INVITEs must carry it). */
  local: { sdp: string; contact?: string };
  remote: { sdp: string };
  /**
   * False once the dialog ended. drachtio-srf handles a BYE as soon as it reads it, and a BYE read together with
   * the confirmation of our 200 OK ends the dialog before our code has it: its 'destroy' went to no listener.
   */
  connected?: boolean;
  /** The response that set up a UAC dialog (its 200 OK), for headers like Allow-Events. */
  res?: SipMessage;
  modify(sdp: string): Promise<string>;
  request(opts: { method: string; headers?: Record<string, string>; body?: string }): Promise<ReceivedResponse>;
  destroy(opts?: { headers?: Record<string, string> }): Promise<unknown>;
  on(event: 'destroy', listener: (msg?: SipMessage, reason?: string) => void): unknown;
  on(event: 'modify' | 'notify' | 'update' | 'info', listener: (req: IncomingRequest, res: OutgoingResponse) => void): unknown;
  on(event: 'ack', listener: (req: SipMessage) => void): unknown;
}

/**
 * What createUAC resolves with for an INVITE we sent without an offer
 * (third-party call control) and `noAck: true`: the far end's 200 OK carried
 * the offer; we send the answer in the ACK, or tear the leg down.
 */
export interface OfferWaitingForAck {
  sdp: string;
  res: SipMessage;
  ack(sdp: string): Promise<Dialog>;
  destroy(): Promise<void>;
}

export interface UacOptions {
  localSdp?: string;
  headers?: Record<string, string>;
  noAck?: boolean;
  callingNumber?: string;
  callingName?: string;
  /** Send the INVITE to this address (sip:host:port;transport=...) whatever the Request-URI's host: a phone behind NAT. */
  proxy?: string;
}

export interface UacProgress {
  cbRequest?: (err: unknown, req: PendingInvite) => void;
  cbProvisional?: (res: ReceivedResponse) => void;
}

/** A failed INVITE: drachtio-srf rejects with a SipError carrying the status. */
export interface SipFailure {
  status?: number;
  reason?: string;
  message?: string;
}

export type RequestHandler = (req: IncomingRequest, res: OutgoingResponse) => void;

/** The Srf object: one per connection to the drachtio server. */
export interface Srf {
  connect(opts: { host: string; port: number; secret: string; reconnect?: { maxAttempts?: number } }): unknown;
  disconnect(): void;
  on(event: 'connect', listener: (err: Error | null, hostport?: string) => void): unknown;
  on(event: 'error' | 'close', listener: (err?: Error) => void): unknown;
  invite(handler: RequestHandler): unknown;
  register(handler: RequestHandler): unknown;
  /** The other methods we take outside a dialog (out-of-dialog.ts). */
  options(handler: RequestHandler): unknown;
  subscribe(handler: RequestHandler): unknown;
  message(handler: RequestHandler): unknown;
  notify(handler: RequestHandler): unknown;
  info(handler: RequestHandler): unknown;
  publish(handler: RequestHandler): unknown;
  update(handler: RequestHandler): unknown;
  createUAS(req: IncomingRequest, res: OutgoingResponse, opts: { localSdp: string; headers?: Record<string, string> }): Promise<Dialog>;
  createUAC(uri: string, opts: UacOptions, progress?: UacProgress): Promise<Dialog | OfferWaitingForAck>;
  /** A request outside any dialog (an OPTIONS to a carrier); it resolves once sent, its answer comes as 'response'. */
  request(uri: string, opts: { method: string; headers?: Record<string, string> }): Promise<SentRequest>;
}

/** A request we sent outside a dialog: its final answer comes once (a 408 from the drachtio server if none came). */
export interface SentRequest {
  on(event: 'response', listener: (res: ReceivedResponse) => void): unknown;
}

/** createUAC resolved with a dialog or, for an offerless INVITE, an offer waiting for our ACK. */
export function isWaitingForAck(result: Dialog | OfferWaitingForAck): result is OfferWaitingForAck {
  return typeof (result as OfferWaitingForAck).ack === 'function' && typeof (result as Dialog).modify !== 'function';
}
