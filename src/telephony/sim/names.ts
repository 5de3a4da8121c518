/** Invented callers for the simulated carrier. */
const FIRST = ['Ana', 'Ben', 'Chloe', 'Dario', 'Eva', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Luca', 'Mira', 'Nils', 'Olga', 'Pavel'];
const LAST = ['Almeida', 'Brandt', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen'];

/**
 * Callers who ring again and again: the demo's Contacts know them (by their
 * number), so their calls show the contact's name and build up a history.
 */
export const REGULAR_CALLERS: ReadonlyArray<{ number: string; first: string; last: string }> = Array.from({ length: 40 }, (_, i) => ({
  number: `+44207946${String(100 + i).padStart(4, '0')}`,
  first: FIRST[i % FIRST.length]!,
  last: LAST[(i * 5) % LAST.length]!,
}));

export function inventCaller(pick: () => number): { number: string; name: string | null } {
  // About one call in three is from a regular; their network sends no name (the contact has it).
  if (pick() < 0.3) return { number: REGULAR_CALLERS[Math.floor(pick() * REGULAR_CALLERS.length)]!.number, name: null };
  const number = `+4420${String(Math.floor(pick() * 1e8)).padStart(8, '0')}`;
  // About one caller in five withholds a name: the panel shows the number alone.
  if (pick() < 0.2) return { number, name: null };
  const first = FIRST[Math.floor(pick() * FIRST.length)]!;
  const last = LAST[Math.floor(pick() * LAST.length)]!;
  return { number, name: `${first} ${last}` };
}
