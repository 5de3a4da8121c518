/** Invented callers for the simulated carrier. */
const FIRST = ['Ana', 'Ben', 'Chloe', 'Dario', 'Eva', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Luca', 'Mira', 'Nils', 'Olga', 'Pavel'];
const LAST = ['Almeida', 'Brandt', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen'];

export function inventCaller(pick: () => number): { number: string; name: string | null } {
  const number = `+4420${String(Math.floor(pick() * 1e8)).padStart(8, '0')}`;
  // About one caller in five withholds a name: the panel shows the number alone.
  if (pick() < 0.2) return { number, name: null };
  const first = FIRST[Math.floor(pick() * FIRST.length)]!;
  const last = LAST[Math.floor(pick() * LAST.length)]!;
  return { number, name: `${first} ${last}` };
}
