import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { BracketedPasteMode } from '../../src/ui/BracketedPasteMode.js';
import { TerminalHostProvider, type TerminalHost } from '../../src/ui/terminal-host.js';

describe('bracketed paste mode', () => {
  it("is asked of the panel's terminal while the panel is drawn, and ended with it (the shell gets pastes as before)", () => {
    const written: string[] = [];
    const host: TerminalHost = { write: (data) => void written.push(data), env: {}, local: false, players: null };
    const ink = render(
      <TerminalHostProvider host={host}>
        <BracketedPasteMode />
      </TerminalHostProvider>,
    );
    expect(written).toEqual(['\u001b[?2004h']);
    ink.unmount();
    expect(written).toEqual(['\u001b[?2004h', '\u001b[?2004l']);
  });
});
