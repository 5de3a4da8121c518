import { describe, expect, it } from 'vitest';
import { sessionLineLayout, sessionLineText, type SessionLineParts } from '../../src/screens/session-line.js';

/** The header's second line as the agent reads it at a width. */
const lineAt = (parts: SessionLineParts, width: number) => sessionLineText(parts, sessionLineLayout(parts, width));

describe("the header's session line", () => {
  const inbound: SessionLineParts = { campaign: 'None', blended: null, voiceQueues: 2, messagingQueues: 1 };
  const blended: SessionLineParts = { campaign: 'Renewals', blended: 'Blended, now inbound: Support: 0 idle of min 1', voiceQueues: 2, messagingQueues: 1 };

  it('says everything where it fits', () => {
    expect(lineAt(inbound, 80)).toBe('Current campaign: None   Voice queues: 2   Messaging queues: 1');
  });

  it('drops the messaging count first, then the voice count, keeping why a blended agent works the mode it does', () => {
    expect(lineAt(blended, 100)).toBe('Current campaign: Renewals   Blended, now inbound: Support: 0 idle of min 1   Voice queues: 2');
    expect(lineAt(blended, 80)).toBe('Current campaign: Renewals   Blended, now inbound: Support: 0 idle of min 1');
  });

  it('then shortens the label, and measures a Japanese campaign name by columns', () => {
    const wide = { ...blended, campaign: '更新キャンペーン', blended: 'Blended, now inbound: Support: 3 callers waiting' };
    // 'Current campaign: ' + 16 columns + 3 + 48 = 85: too wide for 80; 'Campaign: ' makes it 77.
    expect(lineAt(wide, 80)).toBe('Campaign: 更新キャンペーン   Blended, now inbound: Support: 3 callers waiting');
  });
});
