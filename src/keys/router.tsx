import { useInput, useStdin, type Key } from 'ink';
import { unstable_LowPriority, unstable_scheduleCallback } from 'scheduler';
import React, { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { canonicalKey, command, COMMANDS, keysNotTyped, keysOf, onKeymapChange, type KeyCommand, type KeyCommandId, type Scope } from './registry.js';
import { isPasteMark, PasteCollector } from './bracketed-paste.js';
import { escapeAhead, escapesSwallowed, escKey, isMarkedPaste, isPastedText, isPrintable, keyName, keyOf, pastedLines, pasteOf, splitKeys } from './key-name.js';

/** Layers stack by priority: overlays above sections above screens above global keys. */
/** `terminal`: a terminal below the panel's minimum size, where only quitting works (see screens/TooSmall). */
export const PRIORITY = { global: 0, screen: 10, section: 20, field: 30, overlay: 100, urgent: 200, terminal: 300 } as const;

/** Handlers by command id; each is told which key ran it (hotkeys act on the digit pressed). */
export type Handlers = Partial<Record<KeyCommandId, (key?: string) => void>>;

interface Layer {
  id: number;
  scope: Scope;
  priority: number;
  modal: boolean;
  handlers: { current: Handlers };
  /** A focused text field: takes printable keys before commands see them. */
  text?: { current: ((input: string, key: Key) => boolean) | undefined };
  /** Of a command's keys, those that do something here (see LayerOptions.applies). */
  applies: { current: Applies | undefined };
  /** What it shows is still being fetched: keys typed ahead wait for it (see LayerOptions.loading). */
  loading: { current: boolean };
}

/** By command id, the registry's keys of that command that do something now. */
export type Applies = Partial<Record<KeyCommandId, readonly string[]>>;

export interface BoundCommand {
  def: KeyCommand;
  layer: number;
  /**
   * Its keys that reach it now: not those a command bound above it takes first
   * (while a call rings, `a` answers it, so Unassigned Chats' "a assign to me"
   * must not be offered), nor those that do nothing here (a digit no
   * disposition of the call applies to). Empty when only the palette can run it.
   */
  keys: readonly string[];
}

interface RouterApi {
  register(layer: Omit<Layer, 'id'>): () => void;
  update(): void;
  /** Bound commands, top layer first, as far down as the first modal layer. */
  bound(): BoundCommand[];
  /** Palette commands a screen in reach offers but cannot perform now (its handler is given as undefined). */
  offered(): KeyCommand[];
  version: number;
  prefix: string | null;
  /** Run a command by id as if its key had been pressed (palette, tests). */
  run(id: KeyCommandId): boolean;
  /** A focused text box takes printable keys now: only Ctrl keys, Esc, Enter and the like reach commands. */
  typing(): boolean;
}

const RouterContext = createContext<RouterApi | null>(null);

/**
 * Called before a key is handled; what it returns is called after, and gives
 * the work the key started that the next key must wait for (the commands it
 * sent, see AgentClient.watchSends), or null.
 */
export type KeyWork = () => () => Promise<void> | null;

/** A key never waits longer than this for the one before it (a server that does not answer). */
const MAX_KEY_WAIT_MS = 2000;
/** How often keys held for a loading screen look whether it has loaded. */
const LOADING_POLL_MS = 15;

export function KeyRouter({ children, onUnhandled, keyWork }: { children: React.ReactNode; onUnhandled?: (name: string) => void; keyWork?: KeyWork }) {
  const layers = useRef<Layer[]>([]);
  const nextId = useRef(1);
  const [version, setVersion] = useState(0);
  const [prefix, setPrefix] = useState<string | null>(null);
  const prefixRef = useRef<string | null>(null);

  const sorted = useCallback(() => [...layers.current].sort((a, b) => b.priority - a.priority || b.id - a.id), []);

  const reachable = useCallback(() => {
    const out: Layer[] = [];
    for (const layer of sorted()) {
      out.push(layer);
      if (layer.modal) break;
    }
    return out;
  }, [sorted]);

  // In the order `find` looks for a key's handler, so the first bound command with a key is the one it runs.
  const bound = useCallback((): BoundCommand[] => {
    const seen = new Set<string>();
    const taken = new Set<string>();
    const out: BoundCommand[] = [];
    for (const layer of reachable()) {
      for (const def of COMMANDS) {
        if (!layer.handlers.current[def.id] || seen.has(def.id)) continue;
        seen.add(def.id);
        const keys = keysOf(def);
        const doing = layer.applies.current?.[def.id];
        const shown = doing ? keys.filter((_, i) => doing.includes(def.keys[i] ?? '')) : keys;
        out.push({ def, layer: layer.id, keys: shown.filter((k) => !taken.has(k)) });
        for (const k of keys) taken.add(k);
      }
    }
    return out;
  }, [reachable]);

  const offered = useCallback((): KeyCommand[] => {
    const now = new Set(bound().map((b) => b.def.id));
    const out = new Map<string, KeyCommand>();
    for (const layer of reachable()) {
      for (const def of COMMANDS) {
        if (def.palette && def.id in layer.handlers.current && !layer.handlers.current[def.id] && !now.has(def.id)) out.set(def.id, def);
      }
    }
    return [...out.values()];
  }, [bound, reachable]);

  const find = useCallback(
    (name: string): ((key?: string) => void) | null => {
      const layersInReach = reachable();
      // The quit key (Ctrl+C, or the agent's own) must work whatever is open.
      const candidates = keysOf(command('app.quit')).includes(name) ? sorted() : layersInReach;
      for (const layer of candidates) {
        for (const def of COMMANDS) {
          if (!keysOf(def).includes(name)) continue;
          const handler = layer.handlers.current[def.id];
          // Told the registry's key: with the agent's own keys a hotkey still acts on the disposition it stands for.
          if (handler) return (key) => handler(key === undefined ? undefined : canonicalKey(def, key));
        }
      }
      return null;
    },
    [reachable, sorted],
  );

  const startsChord = useCallback(
    (name: string) => bound().some((b) => keysOf(b.def).some((k) => k.startsWith(`${name} `))),
    [bound],
  );

  // The agent's keys changed: what the footer and help show is drawn again.
  useEffect(() => onKeymapChange(() => setVersion((v) => v + 1)), []);

  // Keys that arrive together (tmux send-keys, a paste, a slow SSH link) must each act on the
  // screen the previous one produced. React 19 renders on a later turn of the event loop, so
  // a second key handled in the same turn saw stale handlers: "→ Enter" on "Log in as" logged
  // in Available, "p ↓ Enter" lost ↓ and Enter. Keys wait in this queue, each for the work the
  // one before started (see nextKey below).
  const queue = useRef<Array<[string, Key]>>([]);
  const waiting = useRef(false);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const handleRef = useRef<(input: string, key: Key) => void>(() => {});

  const handle = useCallback(
    (input: string, key: Key) => {
      const name = keyName(input, key);
      if (!prefixRef.current) {
        // The quit key passes a focused box as Ctrl+C does (the Keys page's wait for a key took the agent's Ctrl+W), unless the box types it.
        const quits = name !== null && keysNotTyped(keysOf(command('app.quit')), true).includes(name);
        for (const layer of reachable()) {
          if (layer.text?.current && !quits && layer.text.current(input, key)) return;
          if (layer.modal) break;
        }
      }
      // What the agent pasted where no field takes text is not a string of commands: pasted on
      // the Calls tab, "Line 1 of..." answered, hung up, disposed and paused.
      if (isMarkedPaste(key)) return;
      if (isPastedText(input, key)) {
        // A multi-line read no field took (a script's keys): the keys it is made of, Enter for each line break.
        const [first, ...rest] = splitKeys(input, key);
        queue.current.unshift(...rest);
        handleRef.current(...first!);
        return;
      }
      if (!name && [...input].length > 1 && isPrintable(input, key)) {
        // Characters read together that no field took ("gc", "pu"): one keypress each.
        const [first, ...rest] = [...input];
        queue.current.unshift(...rest.map(keyOf));
        handleRef.current(...keyOf(first!));
        return;
      }
      if (prefixRef.current) {
        const chord = name ? `${prefixRef.current} ${name}` : null;
        prefixRef.current = null;
        setPrefix(null);
        const handler = chord ? find(chord) : null;
        if (handler) handler(chord!);
        return;
      }
      if (!name) return;
      const handler = find(name);
      if (handler) {
        handler(name);
        return;
      }
      if (startsChord(name)) {
        prefixRef.current = name;
        setPrefix(name);
        return;
      }
      onUnhandled?.(name);
    },
    [find, reachable, startsChord, onUnhandled],
  );

  handleRef.current = handle;
  // The next key is handled once React has done all it had to do before it: React renders on
  // a later turn and runs a commit's effects (where keys are registered) in a task of its
  // scheduler at normal priority; a task at low priority on the same scheduler runs after them.
  // Waiting a turn or two of the event loop was not enough: a big screen renders in slices, and
  // "p ↓ Enter" typed ahead lost ↓ and Enter; a key typed the moment a screen was drawn found
  // none of its keys yet.
  // (The immediate first: the scheduler runs its tasks in one turn, before React's render in a
  // microtask has even started.)
  const nextKey = useCallback(() => {
    setImmediate(() => unstable_scheduleCallback(unstable_LowPriority, () => drainRef.current()));
  }, []);
  // A key that sent a command (pause, a disposition) changes the screen only when the answer is
  // in: "p Enter u" typed ahead over a slow link must unpause, so `u` waits for the pause's answer
  // before it looks for its handler. Keys typed while nothing is on its way are not held.
  const keyWorkRef = useRef(keyWork);
  keyWorkRef.current = keyWork;
  const handleOne = useCallback(
    (input: string, key: Key) => {
      const finish = keyWorkRef.current?.();
      handleRef.current(input, key);
      const work = finish?.() ?? null;
      if (!work) return nextKey();
      let done = false;
      const go = () => {
        if (done) return;
        done = true;
        clearTimeout(cap);
        nextKey();
      };
      const cap = setTimeout(go, MAX_KEY_WAIT_MS);
      void work.then(go, go);
    },
    [nextKey],
  );
  // A screen still fetching what it shows (a list's first page) holds the keys typed ahead: "g o ↓ ↓ Enter"
  // in one burst lost both ↓ (the list had no rows yet) and opened the first contact, not the third. A screen
  // that never loads (the server does not answer) holds them MAX_KEY_WAIT_MS once, not at every key.
  const loadingSince = useRef<number | null>(null);
  const loadingNow = useCallback(() => reachable().some((layer) => layer.loading.current), [reachable]);
  const drainRef = useRef<() => void>(() => {});
  drainRef.current = () => {
    if (queue.current.length === 0 || !mounted.current) {
      waiting.current = false;
      return;
    }
    if (!loadingNow()) loadingSince.current = null;
    else {
      loadingSince.current ??= Date.now();
      if (Date.now() - loadingSince.current < MAX_KEY_WAIT_MS) {
        setTimeout(nextKey, LOADING_POLL_MS);
        return;
      }
    }
    const next = queue.current.shift()!;
    handleOne(next[0], next[1]);
  };
  const enqueue = useCallback(
    (keys: Array<[string, Key]>) => {
      queue.current.push(...keys);
      if (waiting.current) return;
      waiting.current = true;
      nextKey();
    },
    [nextKey],
  );
  const paste = useRef(new PasteCollector());
  useInput(
    useCallback(
      (input: string, key: Key) => {
        // A marked paste is gathered from the raw reads below, its marks included.
        if (paste.current.active || isPasteMark(input)) return;
        const pasted = pastedLines(input);
        enqueue(escapeAhead(input, key) ?? (pasted !== null ? [[pasted, key]] : splitKeys(input, key)));
      },
      [enqueue],
    ),
  );
  // What useInput cannot tell apart: the raw read. "Esc Esc" read together reaches useInput as
  // one Esc; the one it swallowed is queued here. Both listeners hear the same read before any
  // key is handled (keys are handled later, from the queue), so whichever runs first, the two
  // Escs stand side by side in the queue. A bracketed paste is gathered here whole, however
  // many reads it takes, and queued as one paste.
  const { internal_eventEmitter: rawInput } = useStdin();
  useEffect(() => {
    const onRaw = (raw: string) => {
      const wasPasting = paste.current.active;
      const pasted = paste.current.push(raw);
      if (pasted !== null) {
        if (pasted) enqueue([pasteOf(pasted)]);
        return;
      }
      if (wasPasting || paste.current.active) return;
      const swallowed = escapesSwallowed(raw);
      if (swallowed > 0) enqueue(Array.from({ length: swallowed }, escKey));
    };
    rawInput.on('input', onRaw);
    return () => void rawInput.off('input', onRaw);
  }, [rawInput, enqueue]);

  // Stable for the router's life: a layer registers once, not again at every change of the router.
  const register = useCallback((layer: Omit<Layer, 'id'>) => {
    const entry = { ...layer, id: nextId.current++ };
    layers.current.push(entry);
    setVersion((v) => v + 1);
    return () => {
      layers.current = layers.current.filter((l) => l !== entry);
      setVersion((v) => v + 1);
    };
  }, []);
  const update = useCallback(() => setVersion((v) => v + 1), []);

  const api = useMemo<RouterApi>(
    () => ({
      register,
      update,
      bound,
      offered,
      typing: () => reachable().some((layer) => Boolean(layer.text?.current)),
      version,
      prefix,
      run(id) {
        for (const layer of sorted()) {
          const handler = layer.handlers.current[id];
          if (handler) {
            handler();
            return true;
          }
        }
        return false;
      },
    }),
    [register, update, bound, offered, version, prefix, sorted, reachable],
  );

  return <RouterContext.Provider value={api}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterApi {
  const api = useContext(RouterContext);
  if (!api) throw new Error('useRouter outside KeyRouter');
  return api;
}

export interface LayerOptions {
  priority?: number;
  modal?: boolean;
  /** When false the layer is not registered (e.g. a section that is not shown). */
  active?: boolean;
  text?: (input: string, key: Key) => boolean;
  /**
   * What the layer shows is still being fetched (a list's first page): keys
   * typed ahead wait until it is in, so ↓ and Enter act on the rows the agent
   * is about to see, not on an empty list.
   */
  loading?: boolean;
  /**
   * Commands whose keys do not all do something here (the registry's keys that do): the footer
   * and help offer only those. The others still reach the handler, which says why they do nothing.
   */
  applies?: Applies;
}

/**
 * Bind commands of one scope while the calling component is mounted. Pass
 * undefined for a command that cannot be performed now: it is then neither
 * handled nor shown.
 */
export function useCommands(scope: Scope, handlers: Handlers, options: LayerOptions = {}): void {
  const { register, update } = useRouter();
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const textRef = useRef(options.text);
  textRef.current = options.text;
  const appliesRef = useRef(options.applies);
  appliesRef.current = options.applies;
  const loadingRef = useRef(options.loading ?? false);
  loadingRef.current = options.loading ?? false;
  // What the footer and help show changes with the commands bound and the keys that apply.
  const signature = (Object.keys(handlers) as KeyCommandId[])
    .filter((k) => handlers[k])
    .sort()
    .map((k) => (options.applies?.[k] ? `${k}=${options.applies[k]!.join(' ')}` : k))
    .join(',');
  const active = options.active ?? true;
  const hasText = Boolean(options.text);

  useEffect(() => {
    if (!active) return;
    return register({
      scope,
      priority: options.priority ?? PRIORITY.screen,
      modal: options.modal ?? false,
      handlers: handlersRef,
      text: hasText ? textRef : undefined,
      applies: appliesRef,
      loading: loadingRef,
    });
  }, [register, active, scope, options.priority, options.modal, hasText]);

  const lastSignature = useRef(signature);
  useEffect(() => {
    if (lastSignature.current !== signature) {
      lastSignature.current = signature;
      update();
    }
  });
}
