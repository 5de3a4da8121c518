import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/core/protocol/contacts.js';
import type { ConversationRow } from '../../src/core/protocol/conversation-rows.js';
import { errorOf, resultOf } from '../helpers.js';
import { answeredCall, chat, contactsCore, create, hangUp, JANE } from './contacts-support.js';

const search = (c: ReturnType<typeof contactsCore>, who: Parameters<typeof create>[1], query: string, extra: Record<string, unknown> = {}) =>
  resultOf<{ total: number; rows: Contact[] }>(c.send('contacts.search', { query, ...extra }, who));
const names = (rows: Contact[]) => rows.map((r) => `${r.firstName} ${r.lastName}`);

describe('contact rules', () => {
  it('first name, last name and person type are required, each refused with the field named', () => {
    const c = contactsCore();
    const ada = c.login('1001');
    for (const [field, input] of [
      ['firstName', { ...JANE, firstName: '  ' }],
      ['lastName', { ...JANE, lastName: '' }],
      ['personType', { ...JANE, personType: '' }],
    ] as const) {
      const r = c.send('contact.create', input, ada);
      expect(errorOf(r).code).toBe('CONTACT_INVALID');
      expect(r.ok ? null : r.error.details).toEqual({ field });
    }
    expect(errorOf(c.send('contact.create', { ...JANE, personType: 'Alien' }, ada)).message).toMatch(/not a person type here; choose one of Customer, Partner/);
    expect(c.engine.state.count('contact')).toBe(0);
  });

  it('phones and the WhatsApp number are kept in E.164, once each; emails lower-cased; a bad one is refused by name', () => {
    const c = contactsCore();
    const ada = c.login('1001');
    const jane = create(c, ada, { ...JANE, emails: ['Jane@Example.com', 'jane@example.com'], phones: ['020 7946 0001', '+44 20 7946 0001', '+1 212 555 0199'], whatsapp: '07911 123456' });
    expect(jane.phones).toEqual(['+442079460001', '+12125550199']);
    expect(jane.whatsapp).toBe('+447911123456');
    expect(jane.emails).toEqual(['jane@example.com']);
    const bad = c.send('contact.create', { ...JANE, phones: ['12'] }, ada);
    expect(errorOf(bad).message).toMatch(/"12" is not a valid phone number/);
    expect(errorOf(c.send('contact.create', { ...JANE, emails: ['jane.example.com'] }, ada)).message).toMatch(/not an email address/);
    expect(errorOf(c.send('contact.create', { ...JANE, whatsapp: 'abc' }, ada)).code).toBe('CONTACT_INVALID');
    expect(errorOf(c.send('contact.create', { ...JANE, fields: { shoeSize: '9' } }, ada)).message).toMatch(/no contact field "shoeSize"/);
    expect(create(c, ada, { ...JANE, fields: { account: ' A-17 ' } }).fields).toEqual({ account: 'A-17' });
  });

  it('an edit replaces the details and keeps who created it; a missing contact is refused', () => {
    const c = contactsCore();
    const ada = c.login('1001');
    const bo = c.login('1002');
    const jane = create(c, ada);
    c.clock.advance(60_000);
    const edited = resultOf<{ contact: Contact }>(c.send('contact.update', { id: jane.id, ...JANE, company: 'Acme', phones: [] }, bo)).contact;
    expect(edited).toMatchObject({ id: jane.id, company: 'Acme', phones: [], createdBy: '1001', updatedBy: '1002' });
    expect(edited.updatedAt).toBe(jane.createdAt + 60_000);
    expect(errorOf(c.send('contact.update', { id: 'ct-nope', ...JANE }, bo)).code).toBe('CONTACT_NOT_FOUND');
  });

  it('a new name reaches every conversation, call and record linked to the contact (the widget names the caller by it)', () => {
    const c = contactsCore();
    const ada = c.login('1001');
    const jane = create(c, ada);
    const conv = chat(c, '1001', { email: 'jane@example.com' }, { channel: 'email' });
    const done = answeredCall(c, ada, '+442079460001');
    hangUp(c, ada, done.id);
    const live = answeredCall(c, ada, '+442079460001');
    resultOf(c.send('contact.update', { id: jane.id, ...JANE, lastName: 'Smith' }, ada));
    const renamed = { id: jane.id, name: 'Jane Smith' };
    expect(c.engine.state.get('conversation', conv)!.contact).toEqual(renamed);
    expect(c.engine.state.get('callRecord', done.id)!.contact).toEqual(renamed);
    expect(c.engine.state.call(live.id)!.contact).toEqual(renamed);
    // Another detail changes no link.
    const before = c.engine.state.get('conversation', conv);
    resultOf(c.send('contact.update', { id: jane.id, ...JANE, lastName: 'Smith', company: 'Acme' }, ada));
    expect(c.engine.state.get('conversation', conv)).toBe(before);
  });
});

describe('search', () => {
  it('finds by the start of any name, company or email word, every word of the query, in name order', () => {
    const c = contactsCore();
    const ada = c.login('1001');
    create(c, ada, { ...JANE, emails: [], phones: [] });
    create(c, ada, { firstName: 'John', lastName: 'Smith-Jones', personType: 'Partner', company: 'Acme Tools', emails: ['js@acme.io'] });
    create(c, ada, { firstName: 'Joan', lastName: 'Baker', personType: 'Customer' });
    expect(names(search(c, ada, 'jo').rows)).toEqual(['Joan Baker', 'John Smith-Jones']);
    expect(names(search(c, ada, 'jones').rows)).toEqual(['John Smith-Jones']);
    expect(names(search(c, ada, 'acme').rows)).toEqual(['John Smith-Jones']);
    expect(names(search(c, ada, 'js@acme').rows)).toEqual(['John Smith-Jones']);
    expect(names(search(c, ada, 'jo ba').rows)).toEqual(['Joan Baker']);
    expect(search(c, ada, 'jox').total).toBe(0);
    const all = search(c, ada, '', { limit: 2 });
    expect(all.total).toBe(3);
    expect(names(all.rows)).toEqual(['Joan Baker', 'Jane Doe']);
  });

  it('finds by a number written any way, and follows edits and deletes', () => {
    const c = contactsCore();
    const sue = c.login('9001');
    const jane = create(c, sue);
    for (const q of ['+442079460001', '020 7946 0001', '2079460001']) expect(names(search(c, sue, q).rows)).toEqual(['Jane Doe']);
    resultOf(c.send('contact.update', { id: jane.id, ...JANE, firstName: 'Janet', phones: ['+12125550199'] }, sue));
    expect(search(c, sue, '020 7946 0001').total).toBe(0);
    expect(names(search(c, sue, 'janet').rows)).toEqual(['Janet Doe']);
    expect(search(c, sue, 'jane ').total).toBe(1);
    resultOf(c.send('contact.delete', { id: jane.id }, sue));
    expect(search(c, sue, 'janet').total).toBe(0);
    expect(search(c, sue, '').total).toBe(0);
  });
});

describe('links and history', () => {
  it('mail from a known address is linked at once, a live chat visitor who typed it is only suggested; suggestions by email, phone and page id; link, unlink', () => {
    const c = contactsCore();
    const ada = c.login('1001');
    const jane = create(c, ada, { ...JANE, facebookId: 'psid-77', whatsapp: '07911 123456' });
    const known = chat(c, '1001', { email: 'JANE@example.com' }, { live: true, channel: 'email' });
    expect(c.engine.state.get('conversation', known)!.contact).toEqual({ id: jane.id, name: 'Jane Doe' });
    // Anyone may type Jane's address on the chat form: the agent is offered Jane, and links if satisfied.
    const typed = chat(c, '1001', { email: 'jane@example.com' }, { live: true });
    expect(c.engine.state.get('conversation', typed)!.contact ?? null).toBeNull();
    expect(resultOf<{ contacts: Contact[] }>(c.send('contacts.suggest', { conversation: typed }, ada)).contacts.map((x) => x.id)).toEqual([jane.id]);
    const sms = chat(c, '1001', { phone: '+442079460001', email: null }, { live: true, channel: 'sms' });
    expect(c.engine.state.get('conversation', sms)!.contact?.id).toBe(jane.id);
    const whatsapp = chat(c, '1001', { id: 'phone:+447911123456', phone: '+447911123456', email: null }, { live: true, channel: 'whatsapp' });
    expect(c.engine.state.get('conversation', whatsapp)!.contact?.id).toBe(jane.id);
    // The Messenger adapter names a customer by the page-scoped id (fb:<psid>).
    const fb = chat(c, '1001', { id: 'fb:psid-77' }, { live: true, channel: 'facebook' });
    expect(c.engine.state.get('conversation', fb)!.contact?.id).toBe(jane.id);
    expect(resultOf<{ contacts: Contact[] }>(c.send('contacts.suggest', { conversation: fb }, ada)).contacts.map((x) => x.id)).toEqual([jane.id]);
    // The same page-scoped id on a live chat's visitor is no Facebook customer.
    expect(c.engine.state.get('conversation', chat(c, '1001', { id: 'fb:psid-77' }, { live: true }))!.contact ?? null).toBeNull();
    const stranger = chat(c, '1001', { email: 'who@else.io' }, { live: true });
    expect(c.engine.state.get('conversation', stranger)!.contact ?? null).toBeNull();
    expect(resultOf<{ contacts: Contact[] }>(c.send('contacts.suggest', { conversation: stranger }, ada)).contacts).toEqual([]);
    resultOf(c.send('contact.link', { id: jane.id, conversation: stranger }, ada));
    expect(c.engine.state.get('conversation', stranger)!.contact?.id).toBe(jane.id);
    expect(errorOf(c.send('contact.link', { id: jane.id, conversation: stranger }, ada)).code).toBe('ALREADY_LINKED');
    resultOf(c.send('contact.unlink', { conversation: stranger }, ada));
    expect(c.engine.state.get('conversation', stranger)!.contact).toBeNull();
    expect(errorOf(c.send('contact.unlink', { conversation: stranger }, ada)).code).toBe('NOT_LINKED');
  });

  it('create from a conversation makes the contact and links it in one step', () => {
    const c = contactsCore();
    const ada = c.login('1001');
    const conv = chat(c, '1001', { name: 'Kim Lee', email: 'kim@lee.io' }, { live: true });
    const kim = resultOf<{ contact: Contact }>(c.send('contact.create', { firstName: 'Kim', lastName: 'Lee', personType: 'Customer', emails: ['kim@lee.io'], link: { conversation: conv } }, ada)).contact;
    expect(c.engine.state.get('conversation', conv)!.contact).toEqual({ id: kim.id, name: 'Kim Lee' });
    // A link to a conversation the agent may not see makes nothing at all.
    const bos = chat(c, '1002', { email: 'x@y.io' });
    const r = c.send('contact.create', { ...JANE, link: { conversation: bos } }, ada);
    expect(errorOf(r).code).toBe('NOT_YOUR_CONVERSATION');
    expect(search(c, ada, 'jane').total).toBe(0);
  });

  it("a caller whose number is a contact's is that contact on the call, its record, and the screen pop; a call links from the widget", () => {
    const c = contactsCore((config) => {
      config.voiceQueues[0]!.screenPopUrl = 'https://crm.example/contacts/{contact.id}?from={caller.number}';
    });
    const ada = c.login('1001');
    const jane = create(c, ada);
    const call = answeredCall(c, ada, '+442079460001');
    expect(call.contact).toEqual({ id: jane.id, name: 'Jane Doe' });
    expect(call.screenPopUrl).toBe(`https://crm.example/contacts/${jane.id}?from=%2B442079460001`);
    hangUp(c, ada, call.id);
    expect(c.engine.state.get('callRecord', call.id)!.contact?.id).toBe(jane.id);
    const unknown = answeredCall(c, ada, '+12125550100');
    expect(unknown.contact ?? null).toBeNull();
    expect(unknown.screenPopUrl).toBe('https://crm.example/contacts/?from=%2B12125550100');
    resultOf(c.send('contact.link', { id: jane.id, call: unknown.id }, ada));
    hangUp(c, ada, unknown.id);
    expect(c.engine.state.get('callRecord', unknown.id)!.contact?.id).toBe(jane.id);
    const bo = c.login('1002');
    expect(errorOf(c.send('contact.unlink', { call: unknown.id }, bo)).code).toBe('NOT_YOUR_CALL');
  });

  it("History lists every linked conversation and call, newest first, only those the Closed list would show", () => {
    const c = contactsCore();
    const ada = c.login('1001');
    const jane = create(c, ada);
    const first = chat(c, '1001', { email: 'jane@example.com' }, { channel: 'email' });
    c.clock.advance(60_000);
    const call = answeredCall(c, ada, '+442079460001');
    hangUp(c, ada, call.id);
    c.clock.advance(60_000);
    const bos = chat(c, '1002', { email: 'jane@example.com' }, { channel: 'email' });
    const history = (who: typeof ada) => resultOf<{ total: number; rows: ConversationRow[] }>(c.send('contact.history', { id: jane.id }, who));
    expect(history(ada).rows.map((r) => r.id)).toEqual([call.id, first]);
    expect(history(ada).rows[0]!.channel).toBe('voice');
    const sue = c.login('9001');
    expect(history(sue).rows.map((r) => r.id)).toEqual([bos, call.id, first]);
    expect(errorOf(c.send('contact.history', { id: 'ct-gone' }, sue)).code).toBe('CONTACT_NOT_FOUND');
  });

  it("a chat's Conversation History: the customer's closed conversations, eight at a time, by the Closed list's rule", () => {
    const c = contactsCore();
    const ada = c.login('1001');
    const mine: string[] = [];
    for (let i = 0; i < 10; i++) {
      mine.push(chat(c, '1001', { id: 'v:kim', email: null }));
      c.clock.advance(60_000);
    }
    const bos = chat(c, '1002', { id: 'v:kim', email: null });
    c.clock.advance(60_000);
    const live = chat(c, '1001', { id: 'v:kim', email: null }, { live: true });
    const page = (offset: number) => resultOf<{ total: number; rows: ConversationRow[] }>(c.send('conversation.pastHistory', { id: live, offset }, ada));
    expect(page(0).total).toBe(10);
    expect(page(0).rows.map((r) => r.id)).toEqual(mine.slice(2).reverse());
    expect(page(8).rows.map((r) => r.id)).toEqual([mine[1], mine[0]]);
    // Bo (same queue) sees only his own closed chat with Kim, as in his Closed list.
    const bo = c.login('1002');
    expect(resultOf<{ rows: ConversationRow[] }>(c.send('conversation.pastHistory', { id: live }, bo)).rows.map((r) => r.id)).toEqual([bos]);
  });
});

describe('merge', () => {
  it('keeps exactly what was chosen and moves every conversation, call and record of the other; the other is gone', () => {
    const c = contactsCore();
    const sue = c.login('9001');
    const a = create(c, sue, { ...JANE, company: 'Acme', notes: 'primary notes', emails: ['jane@example.com', 'j@work.io'], phones: ['+442079460001'], fields: { account: 'A1' } });
    const b = create(c, sue, { firstName: 'Janet', lastName: 'Doe-Smith', personType: 'Partner', company: 'Beta', notes: 'other notes', emails: ['janet@home.io'], phones: ['+12125550199'], whatsapp: '+447911123456', fields: { account: 'B2' } });
    const chatA = chat(c, '1001', { email: 'jane@example.com' }, { channel: 'email' });
    const chatB = chat(c, '1001', { email: 'janet@home.io' }, { channel: 'email' });
    const live = chat(c, '1001', { email: 'janet@home.io' }, { live: true, channel: 'email' });
    const bo = c.login('1002');
    const record = answeredCall(c, bo, '+12125550199');
    hangUp(c, bo, record.id);
    c.send('agent.pause', { reason: 'Break' }, bo);
    const ada = c.login('1001');
    const callB = answeredCall(c, ada, '+12125550199');
    const r = resultOf<{ contact: Contact; moved: number }>(
      c.send(
        'contact.merge',
        { primary: a.id, other: b.id, take: { lastName: 'other', personType: 'other', whatsapp: 'other', notes: 'primary' }, fields: { account: 'other' }, emails: ['jane@example.com', 'janet@home.io'], phones: ['+12125550199'] },
        sue,
      ),
    );
    expect(r.contact).toMatchObject({
      id: a.id,
      firstName: 'Jane',
      lastName: 'Doe-Smith',
      personType: 'Partner',
      company: 'Acme',
      notes: 'primary notes',
      whatsapp: '+447911123456',
      emails: ['jane@example.com', 'janet@home.io'],
      phones: ['+12125550199'],
      fields: { account: 'B2' },
    });
    expect(r.moved).toBe(4);
    expect(c.engine.state.get('contact', b.id)).toBeUndefined();
    // Every link, the primary's own ones too, carries the merged name.
    for (const id of [chatA, chatB, live]) expect(c.engine.state.get('conversation', id)!.contact).toEqual({ id: a.id, name: 'Jane Doe-Smith' });
    expect(c.engine.state.call(callB.id)!.contact?.id).toBe(a.id);
    expect(c.engine.state.get('callRecord', record.id)!.contact?.id).toBe(a.id);
    const history = resultOf<{ total: number }>(c.send('contact.history', { id: a.id }, sue));
    expect(history.total).toBe(4);
    // The other's email and number now find the merged contact only.
    expect(names(search(c, sue, 'janet@home.io').rows)).toEqual(['Jane Doe-Smith']);
    expect(search(c, sue, '').total).toBe(1);
  });

  it('refuses itself, a value of neither contact, a missing contact; a refused merge changes nothing', () => {
    const c = contactsCore();
    const sue = c.login('9001');
    const a = create(c, sue);
    const b = create(c, sue, { firstName: 'Janet', lastName: 'Doe', personType: 'Customer', emails: ['janet@home.io'] });
    const base = { take: {}, emails: [], phones: [] };
    expect(errorOf(c.send('contact.merge', { primary: a.id, other: a.id, ...base }, sue)).code).toBe('CONTACT_MERGE_SELF');
    expect(errorOf(c.send('contact.merge', { primary: a.id, other: 'ct-x', ...base }, sue)).code).toBe('CONTACT_NOT_FOUND');
    const stray = c.send('contact.merge', { primary: a.id, other: b.id, ...base, emails: ['stranger@x.io'] }, sue);
    expect(errorOf(stray)).toMatchObject({ code: 'CONTACT_MERGE_CHOICE', message: 'stranger@x.io is not an email of either contact.' });
    expect(c.engine.state.get('contact', b.id)).toEqual(b);
    expect(c.engine.state.get('contact', a.id)).toEqual(a);
  });
});

describe('delete', () => {
  it('a linked contact is deleted and its conversations and calls stay, unlinked', () => {
    const c = contactsCore();
    const sue = c.login('9001');
    const jane = create(c, sue);
    const conv = chat(c, '9001', { email: 'jane@example.com' }, { channel: 'email' });
    const call = answeredCall(c, sue, '+442079460001');
    hangUp(c, sue, call.id);
    expect(resultOf<{ links: number }>(c.send('contact.get', { id: jane.id }, sue)).links).toBe(2);
    expect(resultOf(c.send('contact.delete', { id: jane.id }, sue))).toEqual({ deleted: jane.id, unlinked: 2 });
    expect(c.engine.state.get('conversation', conv)!.contact).toBeNull();
    expect(c.engine.state.get('callRecord', call.id)!.contact).toBeNull();
    expect(c.engine.state.get('conversation', conv)).toBeDefined();
    expect(errorOf(c.send('contact.get', { id: jane.id }, sue)).code).toBe('CONTACT_NOT_FOUND');
  });
});

describe('who may do what', () => {
  it('agents create, edit and link; deleting and merging are for supervisors by default', () => {
    const c = contactsCore();
    const ada = c.login('1001');
    const a = create(c, ada);
    const b = create(c, ada, { firstName: 'Janet', lastName: 'Doe', personType: 'Customer' });
    expect(errorOf(c.send('contact.delete', { id: a.id }, ada))).toMatchObject({ code: 'CONTACT_DELETE_FORBIDDEN', message: 'Your role may not delete contacts; ask a supervisor.' });
    expect(errorOf(c.send('contact.merge', { primary: a.id, other: b.id, take: {}, emails: [], phones: [] }, ada)).code).toBe('CONTACT_MERGE_FORBIDDEN');
    expect(errorOf(c.send('contacts.import', { rows: [] }, ada)).code).toBe('FORBIDDEN');
    expect(c.engine.state.count('contact')).toBe(2);
  });

  it('the configuration may give deleting to agents, and take merging from supervisors', () => {
    const c = contactsCore((config) => {
      config.contacts.deleteRoles = ['agent', 'supervisor'];
      config.contacts.mergeRoles = [];
    });
    const ada = c.login('1001');
    const sue = c.login('9001');
    const a = create(c, ada);
    const b = create(c, ada, { firstName: 'Janet', lastName: 'Doe', personType: 'Customer' });
    expect(errorOf(c.send('contact.merge', { primary: a.id, other: b.id, take: {}, emails: [], phones: [] }, sue)).code).toBe('CONTACT_MERGE_FORBIDDEN');
    resultOf(c.send('contact.delete', { id: a.id }, ada));
    expect(c.engine.state.count('contact')).toBe(1);
  });
});
