/**
 * What simulated website visitors say: a handful of plausible support and
 * sales chats, each an opening line and the answers the visitor gives as the
 * agent replies. Names, cities and addresses are invented (documentation IP
 * ranges, so a ban in the demo never hits a real address).
 */

export interface ChatScript {
  opening: string;
  /** Said one by one, each after an agent's reply. */
  answers: string[];
  /** Said after the last answer, before the visitor may end the chat. */
  thanks: string;
}

export const SCRIPTS: ChatScript[] = [
  {
    opening: 'Hi, I was charged twice for my subscription this month.',
    answers: ['It was on the 3rd, both for 12.99.', 'The card ends in 4412.', 'Ok, and when will I see the refund?'],
    thanks: 'Great, thanks for sorting that out!',
  },
  {
    opening: 'Hello, I cannot log in to my account since yesterday.',
    answers: ['It says my password is wrong, but I did not change it.', 'Yes, same email as this chat.', 'Got the reset email, trying now.'],
    thanks: 'That worked, thank you!',
  },
  {
    opening: 'Do you deliver to Ireland?',
    answers: ['Dublin, yes.', 'How long does it usually take?', 'And is there a charge for returns?'],
    thanks: 'Perfect, I will place the order today.',
  },
  {
    opening: 'Hi there, my order #48213 has not arrived yet.',
    answers: ['It was due last Friday.', 'The tracking page has not changed since Tuesday.', 'Can you send it again if it is lost?'],
    thanks: 'Thanks, I appreciate the help.',
  },
  {
    opening: 'What is the difference between the Basic and the Pro plan?',
    answers: ['We are a team of five.', 'Does Pro include phone support?', 'Can we switch later without losing data?'],
    thanks: 'Very helpful, thanks!',
  },
  {
    opening: 'Hello, the app keeps crashing when I open the reports page.',
    answers: ['Android 14, on a Pixel 7.', 'Yes, I already reinstalled it.', 'Version 5.2.1 I think.'],
    thanks: 'Ok, I will wait for the update. Thanks!',
  },
];

export const NUDGE = 'Hello? Is anyone there?';

export const SURVEY_COMMENTS = ['Quick and friendly.', 'Solved my problem, thanks.', 'Took a while to get an answer.', '', 'Very helpful agent!', 'Ok.'];

/** Visitors' names; the demo's Contacts know them all by their email (visitorEmail). */
export const FIRST = ['Amelia', 'Bruno', 'Clara', 'Diego', 'Elif', 'Felix', 'Greta', 'Hamid', 'Iris', 'Jakub', 'Kenji', 'Leah', 'Marta', 'Noah', 'Oona', 'Priya'];
export const LAST = ['Walsh', 'Novak', 'Silva', 'Okoro', 'Meyer', 'Rossi', 'Byrne', 'Khan', 'Lund', 'Moreau', 'Santos', 'Young'];

export const CITIES = [
  { city: 'London', country: 'United Kingdom', lat: 51.5074, lon: -0.1278 },
  { city: 'Manchester', country: 'United Kingdom', lat: 53.4808, lon: -2.2426 },
  { city: 'Dublin', country: 'Ireland', lat: 53.3498, lon: -6.2603 },
  { city: 'Berlin', country: 'Germany', lat: 52.52, lon: 13.405 },
  { city: 'Lisbon', country: 'Portugal', lat: 38.7223, lon: -9.1393 },
  { city: 'Paris', country: 'France', lat: 48.8566, lon: 2.3522 },
  { city: 'Amsterdam', country: 'Netherlands', lat: 52.3676, lon: 4.9041 },
];

export const visitorEmail = (first: string, last: string) => `${first}.${last}@example.com`.toLowerCase();

export interface InventedVisitor {
  name: string;
  email: string | null;
  ip: string;
  geo: (typeof CITIES)[number];
  script: ChatScript;
}

export function inventVisitor(pick: () => number): InventedVisitor {
  const one = <T>(list: readonly T[]): T => list[Math.floor(pick() * list.length)]!;
  const first = one(FIRST);
  const last = one(LAST);
  return {
    name: `${first} ${last}`,
    // Some visitors leave the email out: they are known by the widget's visitor id only.
    email: pick() < 0.7 ? visitorEmail(first, last) : null,
    ip: `${one(['198.51.100', '203.0.113'])}.${1 + Math.floor(pick() * 254)}`,
    geo: one(CITIES),
    script: one(SCRIPTS),
  };
}
