/**
 * Just enough SDP for a signalling-only B2BUA: we never touch media, we pass
 * one side's session description to the other. Holding means changing the
 * direction attribute; and because each leg must see the origin line (o=) of
 * the descriptions it receives stay the same session with a version one
 * higher each time it changes (RFC 3264 section 8), we rewrite o= per leg.
 */

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTION_LINE = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/;

/**
 * Whether a body is a session description we can pass on: a phone may answer
 * with none, or with one that names no media (no m= line), which would give
 * the caller a 200 OK with nothing to send audio to.
 */
export function hasSdp(body: string | null | undefined): body is string {
  return typeof body === 'string' && /^v=0/m.test(body) && /^m=/m.test(body);
}

function lines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((l) => l.length > 0);
}

function join(ls: string[]): string {
  return `${ls.join('\r\n')}\r\n`;
}

/** The direction of the (first) audio stream: media level wins over session level. */
export function directionOf(sdp: string): Direction {
  let session: Direction | null = null;
  let inMedia = false;
  for (const line of lines(sdp)) {
    if (line.startsWith('m=')) {
      if (inMedia) break;
      inMedia = true;
      continue;
    }
    const m = DIRECTION_LINE.exec(line);
    if (m) {
      if (inMedia) return m[1] as Direction;
      session = m[1] as Direction;
    }
  }
  return session ?? 'sendrecv';
}

/** The same description with every stream set to `dir`. */
export function withDirection(sdp: string, dir: Direction): string {
  const out: string[] = [];
  let inMedia = false;
  const close = () => {
    if (inMedia) out.push(`a=${dir}`);
  };
  for (const line of lines(sdp)) {
    if (DIRECTION_LINE.test(line)) continue;
    if (line.startsWith('m=')) {
      close();
      inMedia = true;
    }
    out.push(line);
  }
  close();
  return join(out);
}

/** Hold is one-way: what we send when holding, and what a held side answers. */
export function answerDirection(offered: Direction): Direction {
  switch (offered) {
    case 'sendonly':
      return 'recvonly';
    case 'recvonly':
      return 'sendonly';
    default:
      return offered;
  }
}

/** Whether a direction means "this side put the call on hold". */
export function isHold(dir: Direction): boolean {
  return dir === 'sendonly' || dir === 'inactive';
}

interface Origin {
  username: string;
  sessId: string;
  version: bigint;
  rest: string;
}

function parseOrigin(sdp: string): Origin | null {
  const m = /^o=(\S+) (\S+) (\d+) (.*)$/m.exec(sdp);
  if (!m) return null;
  return { username: m[1]!, sessId: m[2]!, version: BigInt(m[3]!), rest: m[4]! };
}

/**
 * What one leg has been sent so far, so that a later description sent to it
 * keeps the first one's origin and bumps its version only when it changed.
 */
export class SentSdp {
  private origin: Origin | null = null;
  private last: string | null = null;

  /** The description to send to this leg, with its o= line made consistent. */
  next(sdp: string): string {
    const theirs = parseOrigin(sdp);
    if (!this.origin || !theirs) {
      this.origin = theirs;
      this.last = sdp;
      return sdp;
    }
    const body = sdp.replace(/^o=.*$/m, 'o=');
    const before = this.last?.replace(/^o=.*$/m, 'o=');
    if (body !== before) this.origin = { ...this.origin, version: this.origin.version + 1n };
    const o = this.origin;
    const out = sdp.replace(/^o=.*$/m, `o=${o.username} ${o.sessId} ${o.version} ${o.rest}`);
    this.last = out;
    return out;
  }

  /** The last description this leg was sent (to re-send with another direction). */
  current(): string | null {
    return this.last;
  }
}

/**
 * An answer that accepts an offer's streams but sends and receives nothing,
 * under an origin of our own: how third-party call control parks the first
 * party while the second is rung (RFC 3725, flow IV), so the first party's
 * 200 OK is ACKed at once however long the second one rings.
 */
export function inactiveAnswer(offer: string, sessId: string): string {
  const o = parseOrigin(offer);
  return withDirection(offer, 'inactive').replace(/^o=.*$/m, `o=switchboard ${sessId} 1 ${o?.rest ?? 'IN IP4 0.0.0.0'}`);
}
