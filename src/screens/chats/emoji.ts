/**
 * Emoji by shortcode, as chat apps do: ":smile:" becomes 😄 as soon as the
 * closing colon is typed, and Tab completes a shortcode being typed. A small
 * built-in table of what agents use with customers; an unknown shortcode is
 * left as typed. Only single-codepoint emoji (two columns everywhere), so the
 * composer's width sums stay right.
 */
export const EMOJI: Readonly<Record<string, string>> = {
  smile: '😄',
  smiley: '😃',
  grin: '😁',
  joy: '😂',
  wink: '😉',
  blush: '😊',
  slightly_smiling_face: '🙂',
  upside_down_face: '🙃',
  thinking: '🤔',
  neutral_face: '😐',
  confused: '😕',
  worried: '😟',
  cry: '😢',
  sob: '😭',
  disappointed: '😞',
  angry: '😠',
  sweat_smile: '😅',
  innocent: '😇',
  sunglasses: '😎',
  hugs: '🤗',
  pray: '🙏',
  clap: '👏',
  wave: '👋',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  '-1': '👎',
  ok_hand: '👌',
  muscle: '💪',
  raised_hands: '🙌',
  eyes: '👀',
  tada: '🎉',
  sparkles: '🎇',
  star: '🌟',
  fire: '🔥',
  rocket: '🚀',
  bulb: '💡',
  heart: '💙',
  broken_heart: '💔',
  hourglass: '🕑',
  calendar: '📅',
  email: '📧',
  phone: '📞',
  package: '📦',
  truck: '🚚',
  moneybag: '💰',
  credit_card: '💳',
  lock: '🔒',
  key: '🔑',
  wrench: '🔧',
  gear: '🔩',
  memo: '📝',
  paperclip: '📎',
  warning: '🚧',
  question: '🤷',
  coffee: '🍵',
  gift: '🎁',
  sun: '🌞',
};

/** Replace every complete known shortcode in the text. */
export function replaceShortcodes(text: string): string {
  if (!text.includes(':')) return text;
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, code: string) => EMOJI[code] ?? whole);
}

/** The shortcode being typed at the end of the text (":smi" -> "smi"), if any. */
export function typedShortcode(text: string): string | null {
  const m = /(^|\s):([a-z0-9_+-]{2,})$/.exec(text);
  return m ? m[2]! : null;
}

/** Known shortcodes starting with what is typed, shortest first. */
export function shortcodeMatches(prefix: string, limit = 5): Array<[string, string]> {
  return Object.entries(EMOJI)
    .filter(([code]) => code.startsWith(prefix))
    .sort((a, b) => a[0].length - b[0].length || a[0].localeCompare(b[0]))
    .slice(0, limit);
}

/** Tab: complete the shortcode at the end of the text with the first match. */
export function completeShortcode(text: string): string | null {
  const typed = typedShortcode(text);
  if (!typed) return null;
  const first = shortcodeMatches(typed, 1)[0];
  return first ? text.slice(0, text.length - typed.length - 1) + first[1] : null;
}
