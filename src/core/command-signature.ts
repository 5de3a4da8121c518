import type { CommandFrame } from './protocol/frames.js';

/**
 * What a command id stands for, as kept with its answer: the command's name
 * and a digest of its arguments. A retry is the same frame sent again (the
 * client's journal keeps it as it was sent), so the same name and the same
 * arguments' JSON. The same id with other arguments is another command,
 * refused as DUPLICATE_ID rather than answered with the first one's answer:
 * a tester's script that reused an id for a pause for "Break" was told
 * "paused: Lunch", and nothing was done.
 */
export function commandSignature(frame: Pick<CommandFrame, 'cmd' | 'args'>): string {
  return `${frame.cmd}#${digest(JSON.stringify(frame.args ?? {}))}`;
}

/** Whether a kept command is the one this frame sends again. */
export function sameCommand(kept: string, frame: Pick<CommandFrame, 'cmd' | 'args'>): boolean {
  // Commands kept by schema 1 have no name (''), kept before arguments counted only their name: both match by what they have.
  return kept === '' || kept === frame.cmd || kept === commandSignature(frame);
}

/** 32-bit FNV-1a over the UTF-16 units, in hex: enough to tell two argument lists apart, not a secret. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
