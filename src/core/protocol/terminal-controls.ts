/**
 * Characters a terminal obeys instead of showing, which text the protocol
 * carries (a customer's name, a message) may hold: the C0 and C1 controls (ESC
 * among them) and DEL, and the Unicode ones that break or reorder lines
 * (U+2028, U+2029, bidirectional embeddings, overrides and isolates). \n is
 * not among them: text that reaches a terminal lays its lines out itself.
 * The panel makes them printable (client/printable.ts), the server's log
 * writes them as escapes (server/logger.ts).
 */
export const TERMINAL_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
