/**
 * The events of one committed transaction group that go to the same
 * connection travel in one frame:
 *
 *   {"v":1,"events":[{"v":1,"seq":1,"ev":"call.updated",...},{"v":1,"seq":2,"ev":"agent.updated",...}]}
 *
 * each exactly as it would travel alone, in sequence order. A lone event
 * still travels alone. A ring-all offer changes the call and the agent of
 * every phone that rings, and its answer both again for every phone that
 * lost: one frame per agent for each, not two. A group is cut into several
 * frames past GROUP_MAX_CHARS (an import's thousands of events to a
 * supervisor), and an event larger than that travels alone.
 */
export const GROUP_MAX_CHARS = 64 * 1024;

/** The frames that carry these event frames (already serialised) to one connection. */
export function groupedFrames(texts: readonly string[]): string[] {
  if (texts.length <= 1) return [...texts];
  const frames: string[] = [];
  let group: string[] = [];
  let chars = 0;
  const close = () => {
    if (group.length === 1) frames.push(group[0]!);
    else if (group.length > 1) frames.push(`{"v":1,"events":[${group.join(',')}]}`);
    group = [];
    chars = 0;
  };
  for (const text of texts) {
    if (chars > 0 && chars + text.length > GROUP_MAX_CHARS) close();
    group.push(text);
    chars += text.length;
  }
  close();
  return frames;
}

/** The frames a parsed frame stands for: a group's events one by one, anything else itself. */
export function framesIn(frame: unknown): unknown[] {
  const events = (frame as { events?: unknown } | null)?.events;
  return Array.isArray(events) && !('ev' in (frame as object)) && !('re' in (frame as object)) ? events : [frame];
}
