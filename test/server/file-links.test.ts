import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import { agentUrlOf, loginAgent, runCleanups, startTestServer } from './support.js';
import { http } from './visitor-support.js';

afterEach(runCleanups);

/**
 * Short-lived signed download links (issue 16.2): an agent who may read a
 * file asks for one with their token; the link then opens without any token
 * (a browser on the agent's own machine, the panel being over SSH), for that
 * file only and only until it expires. Each refusal says why.
 */
async function desk() {
  const clock = new FakeClock('2026-01-05T10:00:00Z');
  const server = await startTestServer({ clock });
  const url = agentUrlOf(server);
  const ava = await loginAgent(url, '1001');
  const bearer = { authorization: `Bearer ${ava.token}` };
  const content = Buffer.from('%PDF-1.4 the invoice');
  const up = await http(server, 'POST', '/files?name=invoice.pdf', { headers: { ...bearer, 'content-type': 'application/pdf' }, body: content });
  expect(up.status).toBe(201);
  const file = up.json<{ id: string }>();
  return { server, clock, url, ava, bearer, content, file };
}

describe('signed download links', () => {
  it('opens the file without a token until it expires, then says the link has expired', async () => {
    const { server, clock, bearer, content, file } = await desk();
    const asked = await http(server, 'POST', `/files/${file.id}/link`, { headers: bearer });
    expect(asked.status).toBe(200);
    const link = asked.json<{ path: string; expiresAt: number }>();
    expect(link.path).toMatch(new RegExp(`^/files/${file.id}\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`));
    // Ten minutes by default (security.downloadLinkMinutes).
    expect(link.expiresAt).toBe(clock.now() + 10 * 60_000);

    const opened = await http(server, 'GET', link.path);
    expect(opened.status).toBe(200);
    expect(opened.body.equals(content)).toBe(true);
    expect(opened.headers['content-disposition']).toContain("filename*=UTF-8''invoice.pdf");

    clock.advance(10 * 60_000);
    const late = await http(server, 'GET', link.path);
    expect(late.status).toBe(410);
    expect(late.json()).toEqual({ code: 'LINK_EXPIRED', message: 'This download link has expired: ask the panel for a new one.' });
  });

  it('a link altered in any part (another file, a later expiry, a forged signature) is refused', async () => {
    const { server, bearer, file } = await desk();
    const { path } = (await http(server, 'POST', `/files/${file.id}/link`, { headers: bearer })).json<{ path: string }>();
    const exp = /exp=(\d+)/.exec(path)![1]!;
    const sig = /sig=([^&]+)/.exec(path)![1]!;
    const other = await http(server, 'POST', '/files?name=other.txt', { headers: bearer, body: Buffer.from('x') });
    const tries = [
      `/files/${other.json<{ id: string }>().id}?exp=${exp}&sig=${sig}`,
      `/files/${file.id}?exp=${Number(exp) + 3_600_000}&sig=${sig}`,
      `/files/${file.id}?exp=${exp}&sig=${'A'.repeat(43)}`,
      `/files/${file.id}?exp=${exp}`,
      `/files/${file.id}?exp=soon&sig=${sig}`,
    ];
    for (const t of tries) {
      const r = await http(server, 'GET', t);
      expect(r.status, t).toBe(403);
      expect(r.json()).toEqual({ code: 'LINK_INVALID', message: 'This download link is not valid: ask the panel for a new one.' });
    }
  });

  it('is given only to an agent who may read the file, and not for a file the server no longer keeps', async () => {
    const { server, url, bearer, file } = await desk();
    const ben = await loginAgent(url, '1002');
    const theirs = await http(server, 'POST', `/files/${file.id}/link`, { headers: { authorization: `Bearer ${ben.token}` } });
    expect(theirs.status).toBe(403);
    expect(theirs.json()).toEqual({ code: 'FORBIDDEN', message: 'You may not read this file.' });
    const anonymous = await http(server, 'POST', `/files/${file.id}/link`);
    expect(anonymous.status).toBe(401);
    const get = await http(server, 'GET', `/files/${file.id}/link`, { headers: bearer });
    expect(get.status).toBe(405);

    rmSync(join(server.dataDir, 'files', file.id));
    const gone = await http(server, 'POST', `/files/${file.id}/link`, { headers: bearer });
    expect(gone.status).toBe(404);
    expect(gone.json()).toEqual({ code: 'FILE_NOT_FOUND', message: 'The file invoice.pdf is no longer kept.' });
    const unknown = await http(server, 'POST', '/files/file-nope/link', { headers: bearer });
    expect(unknown.json()).toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('a link made before a restart still works after it (the secret is kept), until its time', async () => {
    const { server, bearer, content, file } = await desk();
    const { path } = (await http(server, 'POST', `/files/${file.id}/link`, { headers: bearer })).json<{ path: string }>();
    const dataDir = server.dataDir;
    await server.close();
    const again = await startTestServer({ clock: new FakeClock('2026-01-05T10:05:00Z'), dataDir });
    const opened = await http(again, 'GET', path);
    expect(opened.status).toBe(200);
    expect(opened.body.equals(content)).toBe(true);
  });
});

describe('HEAD /files/<id>', () => {
  it('is answered as GET would be, with the same status and headers and no body', async () => {
    const { server, bearer, content, file } = await desk();
    const refused = await http(server, 'HEAD', `/files/${file.id}`);
    expect(refused.status).toBe(401);
    expect(refused.body.length).toBe(0);
    const got = await http(server, 'GET', `/files/${file.id}`, { headers: bearer });
    const head = await http(server, 'HEAD', `/files/${file.id}`, { headers: bearer });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'content-disposition', 'content-security-policy']) expect(head.headers[name]).toBe(got.headers[name]);
    expect(head.headers['content-length']).toBe(String(content.length));
    const { path } = (await http(server, 'POST', `/files/${file.id}/link`, { headers: bearer })).json<{ path: string }>();
    expect((await http(server, 'HEAD', path)).status).toBe(200);
    expect((await http(server, 'HEAD', '/files/file-none', { headers: bearer })).status).toBe(404);
    expect((await http(server, 'PUT', `/files/${file.id}`, { headers: bearer })).status).toBe(405);
  });
});
