import { EventEmitter } from 'node:events';
import { expectedResponse } from '../../src/telephony/sip/digest.js';
import { answerDirection, directionOf, withDirection } from '../../src/telephony/sip/sdp.js';
import type {
  Dialog,
  IncomingRequest,
  OfferWaitingForAck,
  OutgoingResponse,
  PendingInvite,
  ReceivedResponse,
  RequestHandler,
  ResponseOptions,
  SentRequest,
  SipMessage,
  Srf,
  UacOptions,
  UacProgress,
} from '../../src/telephony/sip/srf-surface.js';

/**
 * A FAKE of the small drachtio-srf surface the SIP adapter uses. Nothing goes
 * on a network: it records every request the adapter makes (INVITEs, CANCELs,
 * re-INVITEs, NOTIFY, REFER, BYE, responses to callers and phones) and lets a
 * test play the carrier, the phones and the far ends (180, 200, 486, BYE,
 * CANCEL, REGISTER with or without credentials, NOTIFY sipfrag).
 */

export function sdp(host: string, port: number, dir = 'sendrecv', user = 'phone'): string {
  return ['v=0', `o=${user} 100 1 IN IP4 ${host}`, 's=-', `c=IN IP4 ${host}`, 't=0 0', `m=audio ${port} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', `a=${dir}`, ''].join('\r\n');
}

function message(headers: Record<string, string> = {}, body = ''): SipMessage {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (n) => lower.get(n.toLowerCase()), has: (n) => lower.has(n.toLowerCase()), body };
}

/** What we answered a request that reached us. */
export class FakeResponse implements OutgoingResponse {
  readonly sent: Array<{ status: number; reason?: string; headers: Record<string, string>; body?: string }> = [];
  finalResponseSent = false;

  send(status: number, reason?: string | ResponseOptions, opts?: ResponseOptions): void {
    const o = typeof reason === 'object' ? reason : (opts ?? {});
    const r = typeof reason === 'string' ? reason : undefined;
    if (this.finalResponseSent) throw new Error(`a final response was already sent (tried ${status})`);
    this.sent.push({ status, reason: r, headers: o.headers ?? {}, body: o.body });
    if (status >= 200) this.finalResponseSent = true;
  }

  get statuses(): number[] {
    return this.sent.map((s) => s.status);
  }

  get last() {
    return this.sent[this.sent.length - 1];
  }
}

/** Where requests come from unless a test says otherwise. */
export const NETWORK_ADDRESS = '192.0.2.10';

function request(
  method: string,
  fields: { uri?: string; headers?: Record<string, string>; body?: string; called?: string; calling?: string; address?: string; port?: number; protocol?: string },
): IncomingRequest & EventEmitter {
  const emitter = new EventEmitter();
  const m = message(fields.headers, fields.body ?? '');
  return Object.assign(emitter, m, {
    method,
    uri: fields.uri ?? 'sip:switchboard',
    calledNumber: fields.called ?? '',
    // drachtio-srf reads the number with its own pattern; the adapter reads From and P-Asserted-Identity itself.
    callingNumber: fields.calling ?? '',
    source_address: fields.address ?? NETWORK_ADDRESS,
    source_port: fields.port ?? 5060,
    protocol: fields.protocol ?? 'udp',
  });
}

type ReinviteAnswer = (offer: string) => string | { status: number; reason: string };

/** An established dialog: what we sent in it, and the far end's moves. */
export class FakeDialog extends EventEmitter implements Dialog {
  readonly local: { sdp: string; contact: string };
  readonly remote: { sdp: string };
  readonly sent: Array<{ method: string; headers: Record<string, string>; body?: string }> = [];
  destroyed = false;
  /** As drachtio-srf's: false once the far end's BYE ended the dialog. */
  connected = true;
  /** How the far end answers our re-INVITEs (default: agrees, answering the opposite direction). */
  answerReinvite: ReinviteAnswer = (offer) => withDirection(this.remote.sdp || offer, answerDirection(directionOf(offer)));
  /** Status the far end answers our NOTIFY / REFER with. */
  answers: Record<string, { status: number; reason: string }> = { NOTIFY: { status: 200, reason: 'OK' }, REFER: { status: 202, reason: 'Accepted' } };

  constructor(
    readonly label: string,
    local: string,
    remote: string,
    readonly res?: SipMessage,
  ) {
    super();
    this.local = { sdp: local, contact: '<sip:switchboard@127.0.0.1:5060>' };
    this.remote = { sdp: remote };
  }

  async modify(sdp: string): Promise<string> {
    this.sent.push({ method: 'INVITE', headers: {}, body: sdp });
    this.local.sdp = sdp;
    const answer = this.answerReinvite(sdp);
    if (typeof answer !== 'string') throw Object.assign(new Error(`${answer.status} ${answer.reason}`), answer);
    this.remote.sdp = answer;
    return answer;
  }

  async request(opts: { method: string; headers?: Record<string, string>; body?: string }): Promise<ReceivedResponse> {
    this.sent.push({ method: opts.method, headers: opts.headers ?? {}, body: opts.body });
    const a = this.answers[opts.method] ?? { status: 200, reason: 'OK' };
    return { ...message(), status: a.status, reason: a.reason };
  }

  async destroy(): Promise<unknown> {
    this.sent.push({ method: 'BYE', headers: {} });
    this.destroyed = true;
    return undefined;
  }

  /** Methods we sent in this dialog, in order. */
  get methods(): string[] {
    return this.sent.map((s) => s.method);
  }

  /** The far end hangs up (BYE). */
  hangUp(): void {
    this.connected = false;
    this.emit('destroy', message(), 'normal release');
  }

  /** The drachtio server ends the dialog itself, as drachtio-srf reports it: its own BYE, with this Reason text. */
  endedByServer(reason: string): void {
    this.connected = false;
    this.emit('destroy', message(), reason);
  }

  /** The far end re-INVITEs us; returns what we answered. */
  reinvite(body: string): FakeResponse {
    const res = new FakeResponse();
    this.emit('modify', request('INVITE', { body }), res);
    return res;
  }

  /** The far end sends UPDATE in the dialog (with an offer, or none for a session refresh); returns what we answered. */
  update(body: string): FakeResponse {
    const res = new FakeResponse();
    this.emit('update', request('UPDATE', { body }), res);
    return res;
  }

  /** The far end sends INFO in the dialog (a keypress out of band, say); returns what we answered, once we did. */
  async info(headers: Record<string, string>, body: string): Promise<FakeResponse> {
    const res = new FakeResponse();
    this.emit('info', request('INFO', { headers, body }), res);
    // We answer only once the other side has (the INFO is passed through): wait for the response.
    for (let i = 0; i < 10 && !res.finalResponseSent; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    return res;
  }

  /** The far end NOTIFYs us (e.g. Event: refer with a sipfrag body). */
  notify(headers: Record<string, string>, body: string): FakeResponse {
    const res = new FakeResponse();
    this.emit('notify', request('NOTIFY', { headers, body }), res);
    return res;
  }
}

/** An INVITE the adapter sent: the test answers it as the phone or far end would. */
export class FakeInvite {
  cancelled = false;
  acked: string | null = null;
  dialog: FakeDialog | null = null;
  private settle!: { resolve: (d: Dialog | OfferWaitingForAck) => void; reject: (e: unknown) => void };
  readonly promise: Promise<Dialog | OfferWaitingForAck>;

  /** Tells the adapter the server has sent the request (at once, unless the FakeSrf holds requests). */
  readonly send: () => void;

  constructor(
    readonly uri: string,
    readonly opts: UacOptions,
    private readonly progress: UacProgress = {},
    held = false,
  ) {
    this.promise = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    const pending: PendingInvite = {
      cancel: () => {
        this.cancelled = true;
        this.settle.reject(Object.assign(new Error('487 Request Terminated'), { status: 487, reason: 'Request Terminated' }));
      },
    };
    // drachtio hands the request over once the server has sent it: later than createUAC returns.
    this.send = () => this.progress.cbRequest?.(null, pending);
    if (!held) queueMicrotask(this.send);
  }

  get headers(): Record<string, string> {
    return this.opts.headers ?? {};
  }

  header(name: string): string | undefined {
    return Object.entries(this.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  }

  /** The offer we sent (none for third-party call control). */
  get offer(): string | undefined {
    return this.opts.localSdp;
  }

  ring(status = 180, reason = 'Ringing'): void {
    this.progress.cbProvisional?.({ ...message(), status, reason });
  }

  /**
   * 200 OK. To an INVITE with our offer, `body` is the answer; to an offerless
   * one it is the far end's offer and our answer comes in the ACK.
   */
  answer(body: string, headers: Record<string, string> = {}): void {
    const res = message(headers, body);
    if (this.opts.noAck && !this.opts.localSdp && body) {
      this.settle.resolve({
        sdp: body,
        res,
        ack: async (answer: string) => {
          this.acked = answer;
          this.dialog = new FakeDialog(this.uri, answer, body, res);
          return this.dialog;
        },
        destroy: async () => {
          this.acked = body;
          this.dialog = new FakeDialog(this.uri, body, body, res);
          this.dialog.destroyed = true;
          this.dialog.sent.push({ method: 'BYE', headers: {} });
        },
      });
      return;
    }
    this.dialog = new FakeDialog(this.uri, this.opts.localSdp ?? '', body, res);
    this.settle.resolve(this.dialog);
  }

  reject(status: number, reason: string): void {
    this.settle.reject(Object.assign(new Error(`${status} ${reason}`), { status, reason }));
  }

  /** The request could not be sent at all (drachtio-srf rejects with an error that has no status). */
  fail(message: string): void {
    this.settle.reject(new Error(message));
  }
}

/** An INVITE from the carrier: the caller's side of a call. */
export class FakeCall {
  readonly res = new FakeResponse();
  /** Our 200 OK, once we answered (createUAS). */
  dialog: FakeDialog | null = null;
  /**
   * The caller sends BYE at once on our 200 OK, before its ACK, and the drachtio server's confirmation of
   * the 200 and the BYE reach drachtio-srf together: the dialog ends before createUAS's promise is taken up.
   */
  byeOnAnswer = false;
  readonly req: IncomingRequest & EventEmitter;

  /**
   * `name` is written into From as a quoted display name; `headers` may give
   * From (or P-Asserted-Identity) exactly as a carrier wrote it instead.
   */
  constructor(readonly offer: string, fields: { to: string; from: string; name?: string; toTag?: string; headers?: Record<string, string>; address?: string }) {
    const to = `<sip:${fields.to}@switchboard>${fields.toTag ? `;tag=${fields.toTag}` : ''}`;
    const from = `${fields.name ? `"${fields.name}" ` : ''}<sip:${fields.from}@carrier.example>;tag=c1`;
    this.req = request('INVITE', { uri: `sip:${fields.to}@switchboard`, body: offer, called: fields.to, calling: fields.from, headers: { To: to, From: from, ...fields.headers }, address: fields.address });
  }

  /** The caller hangs up before being answered: drachtio answers CANCEL and 487 by itself. */
  cancel(): void {
    this.res.finalResponseSent = true;
    this.req.emit('cancel');
  }
}

let phoneCseq = 0;

/**
 * The Authorization a phone sends for a nonce: qop=auth with count `nc`
 * (1 unless given), or no qop at all (RFC 2069 style) when `qop` is false.
 */
export function digestAuthorization(o: { username: string; password: string; nonce: string; realm?: string; nc?: number | string; qop?: boolean; uri?: string }): string {
  const realm = o.realm ?? 'switchboard';
  const qop = o.qop === false ? {} : { qop: 'auth', nc: typeof o.nc === 'string' ? o.nc : (o.nc ?? 1).toString(16).padStart(8, '0'), cnonce: `c${++phoneCseq}` };
  // The fake's REGISTERs go to sip:switchboard: a phone's digest names that Request-URI unless a test says otherwise.
  const creds = { username: o.username, realm, nonce: o.nonce, uri: o.uri ?? 'sip:switchboard', ...qop };
  const response = expectedResponse('REGISTER', creds, o.password);
  const counted = 'qop' in qop ? `, qop=auth, nc=${qop.nc}, cnonce="${qop.cnonce}"` : '';
  return `Digest username="${creds.username}", realm="${realm}", nonce="${o.nonce}", uri="${creds.uri}", response="${response}", algorithm=MD5${counted}`;
}

export class FakeSrf implements Srf {
  private readonly bus = new EventEmitter();
  private onInvite: RequestHandler | null = null;
  private onRegister: RequestHandler | null = null;
  connectedWith: unknown = null;
  disconnected = false;
  /** Every INVITE the adapter sent, in order. */
  readonly invites: FakeInvite[] = [];
  /** A busy drachtio server: INVITEs are not sent until the test calls their send(). */
  holdRequests = false;
  /** Every call that came in from the carrier. */
  readonly calls: FakeCall[] = [];

  connect(opts: unknown): void {
    this.connectedWith = opts;
  }

  disconnect(): void {
    this.disconnected = true;
  }

  on(event: string, listener: (...args: never[]) => void): this {
    this.bus.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  invite(handler: RequestHandler): void {
    this.onInvite = handler;
  }

  register(handler: RequestHandler): void {
    this.onRegister = handler;
  }

  /** Handlers of the other methods, by lower-case name: what the drachtio server routes to us. */
  readonly otherHandlers = new Map<string, RequestHandler>();
  private taking(method: string): (handler: RequestHandler) => void {
    return (handler) => void this.otherHandlers.set(method, handler);
  }
  readonly options = this.taking('options');
  readonly subscribe = this.taking('subscribe');
  readonly message = this.taking('message');
  readonly notify = this.taking('notify');
  readonly info = this.taking('info');
  readonly publish = this.taking('publish');
  readonly update = this.taking('update');

  /** Every request the adapter sent outside a dialog (OPTIONS to a carrier), in order. */
  readonly outOfDialog: { uri: string; method: string }[] = [];
  /**
   * How the far end of such a request answers, by URI (200 OK when not set): a status as the carrier or the
   * drachtio server answers (408 after 32 s of silence), or an Error for one the drachtio server refused to send.
   */
  readonly farAnswers = new Map<string, { status: number; reason: string } | Error>();

  request(uri: string, opts: { method: string }): Promise<SentRequest> {
    this.outOfDialog.push({ uri, method: opts.method });
    const answer = this.farAnswers.get(uri) ?? { status: 200, reason: 'OK' };
    if (answer instanceof Error) return Promise.reject(answer);
    const sent = new EventEmitter();
    // As drachtio-srf: the promise resolves once sent, the answer comes later as 'response'.
    setImmediate(() => sent.emit('response', { ...message({}, ''), ...answer }));
    return Promise.resolve(sent as SentRequest);
  }

  async createUAS(req: IncomingRequest, res: OutgoingResponse, opts: { localSdp: string }): Promise<Dialog> {
    const call = this.calls.find((c) => c.req === req);
    if (!call) throw new Error('createUAS for a request that never came in');
    if (res.finalResponseSent) throw Object.assign(new Error('487 Request Terminated'), { status: 487 });
    res.send(200, { body: opts.localSdp });
    call.dialog = new FakeDialog('caller', opts.localSdp, call.offer);
    // Our Contact in the caller's dialog: the drachtio server's address as the carrier reaches it.
    call.dialog.local.contact = '<sip:203.0.113.5:5060;transport=udp>';
    if (call.byeOnAnswer) call.dialog.hangUp();
    return call.dialog;
  }

  createUAC(uri: string, opts: UacOptions, progress?: UacProgress): Promise<Dialog | OfferWaitingForAck> {
    const invite = new FakeInvite(uri, opts, progress, this.holdRequests);
    this.invites.push(invite);
    return invite.promise;
  }

  // ---- the drachtio server's side of the control connection ----

  /** The drachtio server accepts us, saying where it takes SIP as the real one does. */
  up(hostport = 'tcp/127.0.0.1:5060,udp/127.0.0.1:5060'): void {
    this.bus.emit('connect', null, hostport);
  }

  refuse(): void {
    this.bus.emit('connect', new Error('failed to authenticate to server'));
  }

  drop(): void {
    this.bus.emit('close');
  }

  // ---- the network's side ----

  /** A caller dials `to` from the carrier. */
  callIn(to: string, from = '+442071234567', name = 'Pat Caller', offer = sdp('198.51.100.7', 40000, 'sendrecv', 'carrier')): FakeCall {
    const call = new FakeCall(offer, { to, from, name });
    this.calls.push(call);
    this.onInvite!(call.req, call.res);
    return call;
  }

  /** A caller dials `to` through whoever is at `address` (a carrier, or someone flooding). */
  callInFrom(address: string, to: string): FakeCall {
    const call = new FakeCall(sdp('198.51.100.7', 40000, 'sendrecv', 'carrier'), { to, from: '+442071234567', address });
    this.calls.push(call);
    this.onInvite!(call.req, call.res);
    return call;
  }

  /** A caller whose From (or P-Asserted-Identity) header is written exactly as given. */
  callInWithHeaders(to: string, headers: Record<string, string>, calling = ''): FakeCall {
    const call = new FakeCall(sdp('198.51.100.7', 40000, 'sendrecv', 'carrier'), { to, from: calling, headers });
    this.calls.push(call);
    this.onInvite!(call.req, call.res);
    return call;
  }

  /** Hand a prepared INVITE to the adapter as if it came from the network. */
  deliver(call: FakeCall): void {
    this.onInvite!(call.req, call.res);
  }

  /** A caller whose INVITE carries no offer (late offer). */
  callInWithoutOffer(to: string): FakeCall {
    const call = new FakeCall('', { to, from: '+442071234567' });
    this.calls.push(call);
    this.onInvite!(call.req, call.res);
    return call;
  }

  /**
   * A deskphone REGISTERs as a real one does: first without credentials, and
   * after the 401 again with a digest response computed from `password`.
   * Returns every response it got.
   */
  registerPhone(o: {
    username: string;
    password: string;
    contact: string;
    /** The Contact header as the phone writes it, when it is more than `<contact>` (several contacts, parameters). */
    contactHeader?: string;
    /** The Expires header (3600 unless given); null: none at all. */
    expires?: number | null;
    aor?: string;
    allowEvents?: string;
    /** Where the REGISTER comes from: the Contact's host and port unless given (a phone not behind NAT). */
    address?: string;
    port?: number;
    protocol?: string;
  }): FakeResponse[] {
    const contactAt = /@([^:;>]+)(?::(\d+))?/.exec(o.contact);
    const source = {
      address: o.address ?? contactAt?.[1],
      port: o.port ?? (!o.address && contactAt?.[2] ? Number(contactAt[2]) : undefined),
      protocol: o.protocol,
    };
    const headers = (extra: Record<string, string> = {}) => ({
      To: `<sip:${o.aor ?? o.username}@switchboard>`,
      Contact: o.contactHeader ?? `<${o.contact}>`,
      ...(o.expires === null ? {} : { Expires: String(o.expires ?? 3600) }),
      ...(o.allowEvents ? { 'Allow-Events': o.allowEvents } : {}),
      ...extra,
    });
    const first = new FakeResponse();
    this.onRegister!(request('REGISTER', { headers: headers(), ...source }), first);
    if (first.last?.status !== 401) return [first];
    const nonce = /nonce="([^"]+)"/.exec(first.last.headers['WWW-Authenticate']!)![1]!;
    const second = new FakeResponse();
    this.onRegister!(request('REGISTER', { headers: headers({ Authorization: digestAuthorization({ ...o, nonce }) }), ...source }), second);
    return [first, second];
  }

  /**
   * A request of another method from the network (a phone's OPTIONS ping, its
   * SUBSCRIBE for the voicemail light). Unrouted, the real drachtio server
   * answers it 503 itself: so does this fake.
   */
  requestFromNetwork(method: string, headers: Record<string, string> = {}): FakeResponse {
    const res = new FakeResponse();
    const handler = this.otherHandlers.get(method.toLowerCase());
    if (handler) handler(request(method, { headers: { To: '<sip:switchboard>', ...headers } }), res);
    else res.send(503, 'Service Unavailable');
    return res;
  }

  /** A REGISTER with headers of the test's choosing (a replayed or forged Authorization), from `address`. */
  registerRaw(headers: Record<string, string>, address?: string): FakeResponse {
    const res = new FakeResponse();
    this.onRegister!(request('REGISTER', { headers, address }), res);
    return res;
  }

  /** The latest INVITE sent to a URI containing `to`. */
  inviteTo(to: string): FakeInvite {
    const found = [...this.invites].reverse().find((i) => i.uri.includes(to));
    if (!found) throw new Error(`no INVITE to ${to}; sent: ${this.invites.map((i) => i.uri).join(', ') || 'none'}`);
    return found;
  }
}
