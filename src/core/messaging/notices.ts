/** The manual's event notices, word for word where it gives them. */
export const notices = {
  started: (queue: string) => `Conversation started in queue ${queue}.`,
  closed: () => 'Conversation closed.',
  joined: (agent: string) => `${agent} joined the conversation.`,
  autoAssigned: (agent: string) => `Conversation assigned to ${agent} automatically.`,
  selfAssigned: (agent: string) => `${agent} assigned the conversation to themselves.`,
  returning: (agent: string) => `Conversation assigned to ${agent} due to last interaction with returning customer.`,
  directTransfer: (agent: string) => `Conversation assigned to ${agent} due to direct transfer from another agent.`,
  queueTransfer: (agent: string, from: string, to: string) => `${agent} transferred the Conversation from queue ${from} to queue ${to}.`,
  subject: (agent: string, subject: string) => `${agent} updated the subject to "${subject}".`,
  status: (from: string, to: string) => `Ticket status updated from ${capital(from)} to ${capital(to)}.`,
  banned: (reason: string) => `The customer was banned: ${reason}`,
  surveyAsked: () => 'The customer was asked to rate the conversation.',
  /** The status-change trigger: the conversation goes back to its queue to be assigned again, and why. */
  inactive: (agent: string, queue: string, why: string) => `${agent} ${why}: the conversation goes back to queue ${queue} to be assigned again.`,
};

export const SURVEY_MODE =
  'Ticket status cannot be changed for live chat as the ticket is in survey mode.';

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
