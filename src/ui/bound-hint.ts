import { reachingKeyHint, type KeyCommandId } from '../keys/registry.js';
import { useRouter } from '../keys/router.js';

/** One piece of a hint line: the commands whose keys it names (← → for two), and what they do. */
export interface HintPart {
  ids: readonly KeyCommandId[];
  label: string;
  /** Shown while any of its commands is bound, naming those (↓ alone at the top of a list); by default all must be. */
  any?: boolean;
}

/**
 * A section's hint line ("← → tabs · f filter · Enter show") read from the
 * commands bound now, as the footer reads them: each part names the keys
 * that reach its commands here (the agent's own bindings), and is left out
 * while any of them is not bound or does nothing (Enter over an empty list,
 * f under a dialog), so the line never offers a key that does nothing.
 */
export function useBoundHint(parts: readonly HintPart[]): string {
  return useBoundHintParts(parts).join(' · ');
}

/** useBoundHint's parts, each "keys label", for a line that leaves out whole parts where it is short of room (fitParts). */
export function useBoundHintParts(parts: readonly HintPart[]): string[] {
  const keyOf = useBoundKeys();
  const shown: string[] = [];
  for (const part of parts) {
    const keys = part.ids.map(keyOf);
    const reaching = keys.filter((k): k is string => k !== null);
    if (part.any ? reaching.length > 0 : reaching.length === keys.length) shown.push(`${reaching.join(' ')} ${part.label}`);
  }
  return shown;
}

/**
 * How to name the key of a bound command as the footer does (the agent's
 * own, one that reaches it now, none typed into a focused box), or null
 * while it is not bound: for a key drawn on its own, a dialog's button.
 */
export function useBoundKeys(): (id: KeyCommandId) => string | null {
  const router = useRouter();
  const bound = router.bound();
  const typing = router.typing();
  return (id) => {
    const b = bound.find((c) => c.def.id === id);
    return b ? reachingKeyHint(b.def, b.keys, typing) : null;
  };
}

const ARROWS = new Set(['↑', '↓', '←', '→']);

/**
 * Keys named together in a marker ("3 of 5, ←→", "1-8 of 12 (↑↓)"): two
 * arrows read as one sign, as these markers always wrote them; any other keys
 * (the agent's own: "k j") stand apart. Keys not bound (null) are left out.
 */
export function markerKeys(keys: readonly (string | null)[]): string {
  const named = keys.filter((k): k is string => k !== null);
  return named.join(named.every((k) => ARROWS.has(k)) ? '' : ' ');
}
