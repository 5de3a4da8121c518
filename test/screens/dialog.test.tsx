import './force-color.js';
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { KeyRouter } from '../../src/keys/router.js';
import { Dialog } from '../../src/ui/Dialog.js';
import { displayWidth, visible } from './support.js';

function drawn(message: string, width = 76): string[] {
  const ink = render(
    <KeyRouter>
      <Dialog title="Delete all alerts?" message={message} confirmLabel="Delete" onConfirm={() => {}} onCancel={() => {}} width={width} />
    </KeyRouter>,
  );
  const lines = visible(ink.lastFrame() ?? '').split('\n');
  ink.unmount();
  return lines;
}

describe('dialogs fit their text', () => {
  it('a short question gets a box that fits it, not the widest one allowed', () => {
    const lines = drawn('The list is emptied for you.');
    expect(displayWidth(lines[0]!)).toBe('The list is emptied for you.'.length + 4);
    expect(lines.join('\n')).toContain('Enter Delete');
  });

  it('a long message takes the most it may and wraps, never cut', () => {
    const text = 'You will stop receiving calls and conversations until you log in again, and your chats go back to their queues.';
    const lines = drawn(text, 50);
    expect(displayWidth(lines[0]!)).toBe(50);
    expect(lines.join(' ').replace(/[║\s]+/g, ' ')).toContain('go back to their queues.');
  });
});
