// Goal lines, measured in the run that prints them:
//   goal fuzz.crashes: 0 count (target <= 0): met

export function goalMet(value, op, target) {
  return op === '<=' ? value <= target : value >= target;
}

export function goalLine(name, value, unit, op, target) {
  const shown = Number.isInteger(value) ? String(value) : Number.isFinite(value) ? value.toFixed(1) : String(value);
  return `goal ${name}: ${shown} ${unit} (target ${op} ${target}): ${goalMet(value, op, target) ? 'met' : 'missed'}`;
}

/** Print each goal; returns true when all are met. */
export function printGoals(goals, out = console.log) {
  let all = true;
  for (const g of goals) {
    out(goalLine(g.name, g.value, g.unit, g.op, g.target));
    all &&= goalMet(g.value, g.op, g.target);
  }
  return all;
}

/** Options with the ones not given (undefined) left out, so a function's own defaults apply. */
export function given(options) {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
