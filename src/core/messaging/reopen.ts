import type { HandlerContext } from '../context.js';
import type { Conversation } from '../protocol/model.js';
import { withTransfer } from '../protocol/transfers.js';
import { postNotice } from './messages.js';
import { notices } from './notices.js';

/**
 * A customer writing again to a solved conversation opens it again. Its
 * agent may have logged out since (a solved email waits days for the
 * customer, and logging out sends back only open and waiting ones): then it
 * goes back to its queue, as the status-change trigger would have sent it,
 * to be assigned to someone who is here rather than wait for them.
 */
export function reopen(ctx: HandlerContext, thread: Conversation): Conversation {
  const reopened: Conversation = { ...thread, status: 'open', surveyPending: false };
  const agent = thread.agent ? ctx.state.agent(thread.agent) : undefined;
  if (!agent || agent.session) return ctx.tx.put('conversation', reopened, 'reopened');
  const back = ctx.tx.put(
    'conversation',
    {
      ...reopened,
      agent: null,
      assignedAt: null,
      assignment: null,
      ...withTransfer(thread, { at: ctx.clock.now(), by: agent.id, fromQueue: thread.queue, toQueue: thread.queue, fromAgent: agent.id, toAgent: null, inactive: 'logged-out' }),
    },
    'reopened',
  );
  const queue = ctx.config.messagingQueues.find((q) => q.id === thread.queue)?.name ?? thread.queue;
  postNotice(ctx, back, notices.inactive(agent.name, queue, 'logged out'));
  return back;
}
