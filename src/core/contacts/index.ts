import type { Call, CallRecord, Conversation } from '../protocol/model.js';
import type { Contact } from '../protocol/contacts.js';
import type { State } from '../state/state.js';
import { idOfKey, nameKey, NameOrder } from './name-order.js';
import { isE164, numberKeys, toE164 } from './rules.js';

/** Prefixes up to this long have a bucket of their own; longer words are checked against the bucket of their first letters. */
const BUCKET = 4;

interface Links {
  conversations: Set<string>;
  calls: Set<string>;
  records: Set<string>;
}

/**
 * The contacts' indexes, kept in step with the state (every change, the
 * load at start and rollbacks alike): words of names, companies and emails
 * by prefix, emails, numbers and Facebook ids exactly, the name order, which
 * conversations, calls and call records link to each contact, and each
 * customer's conversations (a chat's Conversation History).
 *
 * In memory, like every entity, rather than in SQLite FTS5: the core does no
 * I/O, the state already holds every contact, and a prefix search over
 * 100,000 of them takes well under a millisecond (bench:contacts).
 */
export class ContactIndex {
  private readonly buckets = new Map<string, NameOrder>();
  /** Each contact's words, by its name key (the very string the buckets hold, so a lookup hashes nothing new). */
  private readonly words = new Map<string, string[]>();
  private readonly emails = new Map<string, Set<string>>();
  private readonly numbers = new Map<string, Set<string>>();
  private readonly facebook = new Map<string, Set<string>>();
  private readonly order = new NameOrder();
  private readonly links = new Map<string, Links>();
  private readonly byCustomer = new Map<string, Set<string>>();
  /** The orders changed since the last settle. */
  private readonly unsettled = new Set<NameOrder>();

  constructor(
    state: State,
    private readonly region: () => string,
  ) {
    state.observe((kind, prev, next) => {
      if (kind === 'contact') this.indexContact(prev as Contact | null, next as Contact | null);
      else if (kind === 'conversation') this.indexConversation(prev as Conversation | null, next as Conversation | null);
      else if (kind === 'call') this.indexLink('calls', prev as Call | null, next as Call | null);
      else if (kind === 'callRecord') this.indexLink('records', prev as CallRecord | null, next as CallRecord | null);
    });
  }

  /**
   * Contacts matching every word of the query (each word the start of a
   * name, company or email word), or the number it is (any format), in name
   * order, one page with the total. An empty query pages the whole directory.
   */
  search(query: string, offset: number, limit: number): { total: number; ids: string[] } {
    const q = query.trim().toLowerCase();
    if (!q) return { total: this.order.size, ids: this.order.page(offset, limit) };
    if (looksLikeNumber(q)) return this.paged(this.byNumber(q), offset, limit);
    // A whole email address is found at once; a part of one is a word like any other.
    const exact = q.includes('@') ? this.emails.get(q) : undefined;
    if (exact) return this.paged(exact, offset, limit);
    const words = q.split(/\s+/);
    // One short word: its bucket, in name order, is the answer.
    if (words.length === 1 && q.length <= BUCKET) {
      const bucket = this.buckets.get(q);
      return { total: bucket?.size ?? 0, ids: bucket?.page(offset, limit) ?? [] };
    }
    return this.byWords(words, offset, limit);
  }

  /**
   * Put what changed into name order now (the end of a transaction that
   * touched contacts): an import's thousands of new keys are merged in here,
   * once, rather than by the first search of each word.
   */
  settle(): void {
    for (const order of this.unsettled) order.settle();
    this.unsettled.clear();
  }

  /** One page of a few ids (an email's, a number's) in name order. */
  private paged(ids: ReadonlySet<string>, offset: number, limit: number): { total: number; ids: string[] } {
    const keys = [...ids].map((id) => this.order.key(id)).sort();
    return { total: ids.size, ids: keys.slice(offset, offset + limit).map(idOfKey) };
  }

  /** Contacts with this email address. */
  withEmail(email: string): string[] {
    return [...(this.emails.get(email.trim().toLowerCase()) ?? [])];
  }

  /** Contacts with this phone or WhatsApp number (any format the default region reads). */
  withNumber(raw: string): string[] {
    const e164 = isE164(raw) ? raw : toE164(raw, this.region());
    return e164 ? [...(this.numbers.get(e164) ?? [])] : [];
  }

  withFacebookId(id: string): string[] {
    return [...(this.facebook.get(id) ?? [])];
  }

  /** What links to a contact: conversation ids, live call ids and call record ids. */
  linksOf(contact: string): { conversations: string[]; calls: string[]; records: string[] } {
    const l = this.links.get(contact);
    return { conversations: [...(l?.conversations ?? [])], calls: [...(l?.calls ?? [])], records: [...(l?.records ?? [])] };
  }

  linkCount(contact: string): number {
    const l = this.links.get(contact);
    if (!l) return 0;
    // A call still on its agent's list and its record are one call.
    let calls = l.records.size;
    for (const id of l.calls) if (!l.records.has(id)) calls++;
    return l.conversations.size + calls;
  }

  /** Conversations of a customer (by the customer's id), any status. */
  conversationsOfCustomer(customerId: string): string[] {
    return [...(this.byCustomer.get(customerId) ?? [])];
  }

  /**
   * Contacts where every word of the query starts a word of theirs: the
   * smallest bucket, read in name order, each candidate checked; the page is
   * the matches from offset, the total all of them.
   */
  private byWords(words: string[], offset: number, limit: number): { total: number; ids: string[] } {
    let smallest: NameOrder | undefined;
    for (const w of words) {
      const bucket = this.buckets.get(w.slice(0, BUCKET));
      if (!bucket) return { total: 0, ids: [] };
      if (!smallest || bucket.size < smallest.size) smallest = bucket;
    }
    const ids: string[] = [];
    let total = 0;
    for (const key of smallest!.sortedKeys()) {
      const own = this.words.get(key)!;
      if (!words.every((w) => own.some((t) => t.startsWith(w)))) continue;
      if (total >= offset && ids.length < limit) ids.push(idOfKey(key));
      total++;
    }
    return { total, ids };
  }

  private byNumber(q: string): Set<string> {
    const e164 = toE164(q, this.region());
    const digits = q.replace(/\D/g, '');
    return new Set([...(e164 ? (this.numbers.get(e164) ?? []) : []), ...(this.numbers.get(digits) ?? [])]);
  }

  private indexContact(prev: Contact | null, next: Contact | null): void {
    if (prev) {
      const prevKey = nameKey(prev.lastName, prev.firstName, prev.id);
      for (const w of this.words.get(prevKey) ?? []) for (const p of prefixes(w)) this.unbucket(p, prev.id);
      this.words.delete(prevKey);
      for (const e of prev.emails) removeFrom(this.emails, e, prev.id);
      for (const n of this.numberKeysOf(prev)) removeFrom(this.numbers, n, prev.id);
      if (prev.facebookId) removeFrom(this.facebook, prev.facebookId, prev.id);
      if (!next) this.order.delete(prev.id);
      this.unsettled.add(this.order);
    }
    if (!next) return;
    const own = wordsOf(next);
    const key = nameKey(next.lastName, next.firstName, next.id);
    this.words.set(key, own);
    for (const w of own) for (const p of prefixes(w)) this.bucket(p).set(next.id, key);
    this.unsettled.add(this.order);
    for (const e of next.emails) addTo(this.emails, e, next.id);
    for (const n of this.numberKeysOf(next)) addTo(this.numbers, n, next.id);
    if (next.facebookId) addTo(this.facebook, next.facebookId, next.id);
    this.order.set(next.id, key);
  }

  private bucket(prefix: string): NameOrder {
    let b = this.buckets.get(prefix);
    if (!b) this.buckets.set(prefix, (b = new NameOrder()));
    this.unsettled.add(b);
    return b;
  }

  private unbucket(prefix: string, id: string): void {
    const b = this.buckets.get(prefix);
    if (!b) return;
    b.delete(id);
    if (b.size === 0) {
      this.buckets.delete(prefix);
      this.unsettled.delete(b);
    } else this.unsettled.add(b);
  }

  private numberKeysOf(c: Contact): string[] {
    const all = [...c.phones, ...(c.whatsapp ? [c.whatsapp] : [])];
    return [...new Set(all.flatMap((n) => numberKeys(n)))];
  }

  private indexConversation(prev: Conversation | null, next: Conversation | null): void {
    if (prev && prev.customer.id !== next?.customer.id) removeFrom(this.byCustomer, prev.customer.id, prev.id);
    if (next) addTo(this.byCustomer, next.customer.id, next.id);
    this.indexLink('conversations', prev, next);
  }

  private indexLink(kind: keyof Links, prev: { id: string; contact?: { id: string } | null } | null, next: { id: string; contact?: { id: string } | null } | null): void {
    const before = prev?.contact?.id;
    const after = next?.contact?.id;
    if (before === after && prev && next) return;
    if (before) this.links.get(before)?.[kind].delete(prev!.id);
    if (after) {
      const l = this.links.get(after) ?? { conversations: new Set(), calls: new Set(), records: new Set() };
      l[kind].add(next!.id);
      this.links.set(after, l);
    }
  }
}

/**
 * The words a contact is found by: its names, company words and emails,
 * lower-cased. Words are split at spaces only, as the query is: a comma or
 * a semicolon is a character a name may hold and a search may ask for.
 */
function wordsOf(c: Contact): string[] {
  const text = `${c.firstName} ${c.lastName} ${c.company}`.toLowerCase();
  const words = new Set<string>();
  for (const w of text.split(/\s+/)) {
    if (!w) continue;
    words.add(w);
    for (const part of partsOf(w)) words.add(part);
  }
  for (const e of c.emails) words.add(e);
  return [...words];
}

const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}]/u;

/**
 * What of a word starts at, and right after, each mark that is not a letter
 * or digit: "o'brien" is found by "brien" and by "'brien", "smith-jones" by
 * "jones", and a name "%_\" by "_" and "\" as well as by "%". A search is
 * by the start of a word, so without these a punctuation mark inside a word
 * (anything but its first character) could never be searched for.
 */
function partsOf(word: string): string[] {
  const parts: string[] = [];
  let at = 0;
  for (const ch of word) {
    if (!LETTER_OR_DIGIT.test(ch)) {
      if (at > 0) parts.push(word.slice(at));
      if (at + ch.length < word.length) parts.push(word.slice(at + ch.length));
    }
    at += ch.length;
  }
  return parts;
}

function prefixes(word: string): string[] {
  const out: string[] = [];
  for (let n = 1; n <= Math.min(BUCKET, word.length); n++) out.push(word.slice(0, n));
  return out;
}

/** A query of digits (and + ( ) - . spaces) with at least three digits: a phone number. */
function looksLikeNumber(q: string): boolean {
  return /^\+?[\d\s().-]+$/.test(q) && q.replace(/\D/g, '').length >= 3;
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}
