import type { Config } from './schema.js';
import { emailIssues } from './email-check.js';

/** One thing wrong with the file: where, and what was expected. */
export interface ConfigIssue {
  /** Where in the file, e.g. `agents[2].pin`; empty for the whole document. */
  path: string;
  message: string;
}

/**
 * Rules that span several parts of the file: references must point at things
 * that exist, and identifiers must be unique.
 */
export function crossCheck(config: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  const voice = new Set<string>();
  config.voiceQueues.forEach((q, i) => {
    if (voice.has(q.number)) add(`voiceQueues[${i}].number`, `queue number ${q.number} is used twice`);
    voice.add(q.number);
    if (q.dispositions && !config.dispositions[q.dispositions])
      add(`voiceQueues[${i}].dispositions`, `no disposition list named "${q.dispositions}" under dispositions`);
    if (q.feedbackForm && !config.feedbackForms[q.feedbackForm])
      add(`voiceQueues[${i}].feedbackForm`, `no feedback form named "${q.feedbackForm}" under feedbackForms`);
  });

  const ringGroups = new Set<string>();
  config.ringGroups.forEach((g, i) => {
    if (voice.has(g.number)) add(`ringGroups[${i}].number`, `${g.number} is already a voice queue's number`);
    else if (ringGroups.has(g.number)) add(`ringGroups[${i}].number`, `ring group number ${g.number} is used twice`);
    ringGroups.add(g.number);
    if (!voice.has(g.queue)) add(`ringGroups[${i}].queue`, `no voice queue numbered ${g.queue}`);
  });

  const messaging = new Set<string>();
  config.messagingQueues.forEach((q, i) => {
    if (messaging.has(q.id)) add(`messagingQueues[${i}].id`, `messaging queue id ${q.id} is used twice`);
    messaging.add(q.id);
  });

  const campaigns = new Set<string>();
  config.campaigns.forEach((c, i) => {
    if (campaigns.has(c.id)) add(`campaigns[${i}].id`, `campaign id ${c.id} is used twice`);
    campaigns.add(c.id);
    if (c.dispositions && !config.dispositions[c.dispositions])
      add(`campaigns[${i}].dispositions`, `no disposition list named "${c.dispositions}" under dispositions`);
    if (c.feedbackForm && !config.feedbackForms[c.feedbackForm])
      add(`campaigns[${i}].feedbackForm`, `no feedback form named "${c.feedbackForm}" under feedbackForms`);
  });

  for (const [setName, list] of Object.entries(config.dispositions)) {
    const keys = new Set<string>();
    const codes = new Set<string>();
    list.forEach((d, i) => {
      if (d.hotkey) {
        const key = d.hotkey.toLowerCase();
        if (keys.has(key)) add(`dispositions.${setName}[${i}].hotkey`, `hotkey ${d.hotkey} is used twice in this list`);
        keys.add(key);
      }
      if (codes.has(d.code)) add(`dispositions.${setName}[${i}].code`, `code ${d.code} is used twice in this list`);
      codes.add(d.code);
    });
  }

  for (const [formName, form] of Object.entries(config.feedbackForms)) {
    form.fields.forEach((f, i) => {
      if (f.type === 'choice' && (!f.options || f.options.length === 0))
        add(`feedbackForms.${formName}.fields[${i}].options`, 'a choice field needs a list of options');
    });
  }

  const numbers = new Set<string>();
  const emails = new Set<string>();
  config.agents.forEach((a, i) => {
    if (numbers.has(a.number)) add(`agents[${i}].number`, `agent number ${a.number} is used twice`);
    numbers.add(a.number);
    const email = a.email.toLowerCase();
    if (emails.has(email)) add(`agents[${i}].email`, `email ${a.email} is used by two agents`);
    emails.add(email);
    a.voiceQueues.forEach((m, j) => {
      const queue = typeof m === 'string' ? m : m.queue;
      if (!voice.has(queue)) add(`agents[${i}].voiceQueues[${j}]`, `no voice queue numbered ${queue}`);
    });
    a.messagingQueues.forEach((id, j) => {
      if (!messaging.has(id)) add(`agents[${i}].messagingQueues[${j}]`, `no messaging queue with id ${id}`);
    });
    a.campaigns.forEach((id, j) => {
      if (!campaigns.has(id)) add(`agents[${i}].campaigns[${j}]`, `no campaign with id ${id}`);
    });
  });
  issues.push(...emailIssues(config));
  return issues;
}
