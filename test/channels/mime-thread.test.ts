import { describe, expect, it } from 'vitest';
import { MimeThread } from '../../src/channels/email/mime-thread.js';
import { SharedBytes } from '../../src/channels/email/shared-bytes.js';

/**
 * The thread that reads mail's MIME (mailparser) off the server's event
 * loop: what it gives back is the mail whole, and a mail it cannot read in
 * time still comes back byte for byte, for the listener to keep as it came.
 */
describe('the MIME thread', () => {
  const mail = (body: string) =>
    Buffer.from(`From: Cara <cara@example.org>\r\nTo: help@mail.test\r\nSubject: Kettle\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${body}\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="photo.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(300_000, 7).toString('base64')}\r\n--b--\r\n`);

  it('gives back the mail read (its attachment as a Buffer) and its bytes whole, from blocks it shared with the server', async () => {
    const raw = mail('It stopped working.');
    const bytes = new SharedBytes();
    // As the socket hands it over: in chunks of any size.
    for (let at = 0; at < raw.length; at += 7_001) bytes.append(raw.subarray(at, at + 7_001));
    const read = await new MimeThread().parse(bytes, 1000);
    expect('mail' in read).toBe(true);
    if (!('mail' in read)) return;
    expect(read.raw.equals(raw)).toBe(true);
    expect(read.mail.subject).toBe('Kettle');
    expect(read.mail.text?.trim()).toBe('It stopped working.');
    expect(Buffer.isBuffer(read.mail.attachments[0]!.content)).toBe(true);
    expect(read.mail.attachments[0]!.content.equals(Buffer.alloc(300_000, 7))).toBe(true);
    // No Message-ID: the hash its id is made of, the same for the same bytes.
    expect(read.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives back only as much text as is kept', async () => {
    const read = await new MimeThread().parse(SharedBytes.from(mail('x'.repeat(50_000))), 100);
    expect('mail' in read && read.mail.text).toBe('x'.repeat(100));
  });

  it('a mail not read within the limit comes back as it arrived, marked late (the listener keeps it so, nothing lost)', async () => {
    const thread = new MimeThread(1);
    const raw = mail('y'.repeat(5_000_000));
    const late = await thread.parse(SharedBytes.from(raw), 1000);
    expect('late' in late).toBe(true);
    expect(late.raw.equals(raw)).toBe(true);
  });
});
