import { textWidth } from '../ui/format.js';

export interface SessionLineParts {
  campaign: string;
  /** "Blended, now inbound: Support: 0 idle of min 1", or null when not blended. */
  blended: string | null;
  voiceQueues: number;
  messagingQueues: number;
}

export interface SessionLineLayout {
  campaignLabel: 'Current campaign: ' | 'Campaign: ';
  voiceQueues: boolean;
  messagingQueues: boolean;
}

const GAP = '   ';

/** The line as text, for measuring (Header draws the same parts with their colours). */
export function sessionLineText(parts: SessionLineParts, layout: SessionLineLayout): string {
  return [
    `${layout.campaignLabel}${parts.campaign}`,
    ...(parts.blended ? [parts.blended] : []),
    ...(layout.voiceQueues ? [`Voice queues: ${parts.voiceQueues}`] : []),
    ...(layout.messagingQueues ? [`Messaging queues: ${parts.messagingQueues}`] : []),
  ].join(GAP);
}

/**
 * What the header's session line shows at a width, dropping the least needed
 * first: the queue counts (the agent chose their queues at login and Queues
 * lists them), messaging before voice, then the label's "Current". The
 * campaign and, blended, why the agent works the mode it does stay; only
 * when even they do not fit is the line cut at its end.
 */
export function sessionLineLayout(parts: SessionLineParts, width: number): SessionLineLayout {
  const tries: SessionLineLayout[] = [
    { campaignLabel: 'Current campaign: ', voiceQueues: true, messagingQueues: true },
    { campaignLabel: 'Current campaign: ', voiceQueues: true, messagingQueues: false },
    { campaignLabel: 'Current campaign: ', voiceQueues: false, messagingQueues: false },
  ];
  return tries.find((t) => textWidth(sessionLineText(parts, t)) <= width) ?? { campaignLabel: 'Campaign: ', voiceQueues: false, messagingQueues: false };
}
