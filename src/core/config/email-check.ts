import type { Config } from './schema.js';

/**
 * The email block's references: every address names a messaging queue that
 * takes email, once; the IMAP mailbox's queue too.
 */
export function emailIssues(config: Config): Array<{ path: string; message: string }> {
  const email = config.email;
  if (!email) return [];
  const issues: Array<{ path: string; message: string }> = [];
  const takesEmail = (id: string) => config.messagingQueues.find((q) => q.id === id);
  const checkQueue = (path: string, id: string) => {
    const queue = takesEmail(id);
    if (!queue) issues.push({ path, message: `no messaging queue with id "${id}"` });
    else if (!queue.channels.includes('email')) issues.push({ path, message: `${queue.name} does not take email (add email to its channels)` });
  };
  const seen = new Set<string>();
  email.addresses.forEach((a, i) => {
    checkQueue(`email.addresses[${i}].queue`, a.queue);
    if (seen.has(a.address)) issues.push({ path: `email.addresses[${i}].address`, message: `${a.address} is given twice` });
    seen.add(a.address);
  });
  if (email.imap) checkQueue('email.imap.queue', email.imap.queue);
  return issues;
}
