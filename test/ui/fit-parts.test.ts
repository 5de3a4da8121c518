import { describe, expect, it } from 'vitest';
import { fitParts, flowParts } from '../../src/ui/format.js';

/** Summary lines made of parts: a part is shown whole or left out, never cut mid-word. */
describe('fitParts', () => {
  it('keeps every part where they fit, joined by " · "', () => {
    expect(fitParts(['2 of 2', 'my queues', 'MWT red from 2 min'], 60)).toBe('2 of 2 · my queues · MWT red from 2 min');
  });

  it('leaves out a part that does not fit whole, and keeps a shorter one after it', () => {
    expect(fitParts(['2 of 2', 'MWT red from 2 min', 'my queues'], 20)).toBe('2 of 2 · my queues');
  });

  it('cuts the first part only when no part fits, so the line is not empty', () => {
    expect(fitParts(['anton.abbott9@example.org'], 10)).toBe('anton.abb…');
  });

  it('measures wide characters as two columns', () => {
    // Six characters, twelve columns: no room in ten; the number after it has.
    expect(fitParts(['山田太郎花子', '+813123'], 10)).toBe('+813123');
  });
});

describe('flowParts', () => {
  it('breaks between parts, the next lines indented', () => {
    expect(flowParts(['☎ Sales (7002)  MWT 0:02', 'answered 1', 'abandoned 0', 'declined 0'], 40)).toEqual([
      '☎ Sales (7002)  MWT 0:02 · answered 1',
      '  abandoned 0 · declined 0',
    ]);
  });

  it('is one line where the parts fit, and skips empty parts', () => {
    expect(flowParts(['open now', '', '● open'], 40)).toEqual(['open now · ● open']);
  });
});
