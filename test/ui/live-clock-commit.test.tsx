import { Box, render, Text, type DOMElement } from 'ink';
import { PassThrough } from 'node:stream';
import React, { useRef, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { LiveClock, LiveClockProvider, useLiveSpans } from '../../src/ui/live-clock.js';
import { Ticker } from '../../src/ui/ticker.js';

/**
 * The live clock writes running times at places read from Ink's layout. Those
 * places must change in the same commit as the frame Ink writes: when they were
 * updated after it (a passive effect), a tick in between wrote a time at its
 * old place over the new frame (the header's times over the login screen after
 * a logout elsewhere), where Ink, leaving unchanged lines alone, never wrote
 * over it again.
 */
function Owner() {
  const box = useRef<DOMElement>(null);
  const now = useLiveSpans(box, () => [{ offset: 10, value: () => '0:07' }]);
  return (
    <Box ref={box}>
      <Text>AVAILABLE {now ? '0:07' : ''}</Text>
    </Box>
  );
}

let show: (owner: boolean) => void = () => {};
function Screen() {
  const [owner, setOwner] = useState(true);
  show = setOwner;
  return owner ? <Owner /> : <Text>switchboard — agent login</Text>;
}

describe('the live clock and the frames Ink writes', () => {
  it('no longer keeps a time whose owner is gone by the time the frame without it is written', async () => {
    const ticker = new Ticker();
    const clock = new LiveClock(() => {}, ticker);
    const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true });
    // The clock's fields at each frame Ink writes that shows the login screen.
    const fieldsAtLoginFrame: number[] = [];
    const write = stdout.write.bind(stdout);
    stdout.write = ((chunk: string, ...rest: never[]) => {
      if (String(chunk).includes('agent login')) fieldsAtLoginFrame.push(clock.size());
      return write(chunk, ...rest);
    }) as typeof stdout.write;
    const app = render(
      <LiveClockProvider clock={clock}>
        <Screen />
      </LiveClockProvider>,
      { stdout: stdout as unknown as NodeJS.WriteStream, patchConsole: false, exitOnCtrlC: false, incrementalRendering: true },
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(clock.size()).toBe(1);
    // The panel gives way to the login screen from outside an input event (a socket's message), as a logout elsewhere does.
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        show(false);
        resolve();
      }, 10),
    );
    await new Promise((r) => setTimeout(r, 200));
    app.unmount();
    expect(fieldsAtLoginFrame.length).toBeGreaterThan(0);
    expect(fieldsAtLoginFrame).toEqual(fieldsAtLoginFrame.map(() => 0));
  });
});
