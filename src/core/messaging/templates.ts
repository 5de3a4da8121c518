import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import { templateParamNumbers } from '../config/provider-channels.js';
import { agentMessage, conversationOf, queueName } from './conversation.js';
import { fillPlaceholders } from './placeholders.js';

/** WhatsApp's limit on one parameter's text. */
export const MAX_TEMPLATE_PARAM = 1024;

/** The body with its numbered parameters put in. */
export function fillTemplate(body: string, params: string[]): string {
  return body.replace(/\{\{\s*(\d{1,2})\s*\}\}/g, (_, n: string) => params[Number(n) - 1] ?? '');
}

/**
 * message.template: an approved WhatsApp template, the one thing WhatsApp
 * takes outside its 24-hour window. Every numbered parameter needs a value
 * (a placeholder such as {{customer.firstname}} in one is filled, as in a
 * canned response); the message shows the text as the customer will read it.
 */
export function sendTemplate(ctx: HandlerContext, who: Principal, conversationId: string, name: string, language: string | undefined, params: string[]) {
  const c = conversationOf(ctx, conversationId);
  const choices = (ctx.config.whatsapp?.templates ?? []).filter((t) => t.name === name);
  const template = choices.find((t) => t.language === language) ?? (language === undefined ? choices[0] : undefined);
  if (!template) {
    const what = language ? `${name} (${language})` : name;
    throw new CoreError('TEMPLATE_NOT_FOUND', `There is no WhatsApp template ${what}; Settings > WhatsApp templates lists them.`);
  }
  const wanted = templateParamNumbers(template.body).length;
  if (params.length > wanted) throw new CoreError('TEMPLATE_PARAMS', `${template.name} takes ${wanted} parameter(s), not ${params.length}.`);
  const agent = ctx.state.agent(who.agent)!;
  const values = { customer: c.customer, agent: { name: agent.name, number: agent.id }, queue: queueName(ctx, c.queue), conversation: c };
  const filled: string[] = [];
  for (let i = 0; i < wanted; i++) {
    const raw = (params[i] ?? '').trim();
    if (!raw) throw new CoreError('TEMPLATE_PARAM_MISSING', `Parameter {{${i + 1}}} of ${template.name} has no value; fill it in before sending.`, { param: i + 1 });
    if (raw.length > MAX_TEMPLATE_PARAM) throw new CoreError('TEMPLATE_PARAMS', `Parameter {{${i + 1}}} is longer than ${MAX_TEMPLATE_PARAM} characters.`, { param: i + 1 });
    // WhatsApp refuses new lines, tabs and runs of spaces in a parameter: say so here rather than fail at the provider.
    if (/[\n\t]| {5,}/.test(raw)) throw new CoreError('TEMPLATE_PARAMS', `Parameter {{${i + 1}}} may not hold new lines, tabs or more than four spaces in a row.`, { param: i + 1 });
    filled.push(fillPlaceholders(raw, values));
  }
  return agentMessage(ctx, who, c.id, fillTemplate(template.body, filled), [], {
    outbound: { template: { name: template.name, language: template.language, params: filled } },
  });
}
