/**
 * Terminal features that work over SSH without a mouse: clipboard through
 * OSC 52, links through OSC 8, and notifications through the bell and OSC 9.
 * They are escape sequences, not text: nothing visible is printed.
 */
type Write = (data: string) => void;

const defaultWrite: Write = (data) => {
  if (process.stdout.isTTY) process.stdout.write(data);
};

export function copyToClipboard(text: string, write: Write = defaultWrite): void {
  write(`\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`);
}

export function bell(write: Write = defaultWrite): void {
  write('\u0007');
}

export function desktopNotification(text: string, write: Write = defaultWrite): void {
  write(`\u001b]9;${text.replace(/[\u0000-\u001f]/g, ' ')}\u0007`);
}

/** A clickable link where the terminal supports OSC 8; plain text elsewhere. */
export function hyperlink(url: string, label = url): string {
  return `\u001b]8;;${url}\u0007${label}\u001b]8;;\u0007`;
}
