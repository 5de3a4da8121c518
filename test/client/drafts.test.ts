import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DraftFile, MAX_DRAFT_BYTES, MAX_DRAFTS, WRITE_DELAY_MS } from '../../src/client/drafts.js';
import { draftsPathFor, journalPathFor } from '../../src/client/paths.js';
import { runCleanups, tempDir } from '../server/support.js';

/**
 * The draft file keeps what an agent typed and has not sent. A "kill" here is
 * a new DraftFile opened on the same file while the old one was never closed.
 */
afterEach(async () => {
  vi.useRealTimers();
  await runCleanups();
});

describe('DraftFile', () => {
  it('writes a while after the last change, not at each keystroke, and a new panel reads it back', () => {
    vi.useFakeTimers();
    const file = join(tempDir(), 'state', 'journal.drafts-1001.json');
    const drafts = new DraftFile(file);
    drafts.set('composer:c-1', 'Hel');
    vi.advanceTimersByTime(WRITE_DELAY_MS - 1);
    drafts.set('composer:c-1', 'Hello');
    vi.advanceTimersByTime(WRITE_DELAY_MS - 1);
    expect(existsSync(file)).toBe(false);
    drafts.set('form:call-1', { topic: 'Billing', notes: 'wants a refund' });
    vi.advanceTimersByTime(WRITE_DELAY_MS);
    expect(existsSync(file)).toBe(true);

    // Killed: never closed. The next panel has both back.
    const after = new DraftFile(file);
    expect(after.get('composer:c-1')).toBe('Hello');
    expect(after.get('form:call-1')).toEqual({ topic: 'Billing', notes: 'wants a refund' });
    expect(after.keys('form:')).toEqual(['form:call-1']);
  });

  it('is readable by the user only, in a directory of theirs, with no temporary file left', () => {
    const dir = join(tempDir(), 'state');
    const file = join(dir, 'journal.drafts-1001.json');
    const drafts = new DraftFile(file);
    drafts.set('composer:c-1', 'Your card ending 4242');
    drafts.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual(['journal.drafts-1001.json']);
  });

  it('ignores a broken or unreadable file: the panel starts with no drafts, and writes a good one next', () => {
    const dir = tempDir();
    for (const broken of ['{"v":1,"drafts":{"composer:c-1":{"value":"Hel', '', 'null', '[1,2]', '{"drafts":"no"}', '\u0000\u0001garbage']) {
      const file = join(dir, 'journal.drafts-1001.json');
      writeFileSync(file, broken);
      const drafts = new DraftFile(file);
      expect(drafts.get('composer:c-1')).toBeUndefined();
      drafts.set('composer:c-2', 'kept');
      drafts.close();
      expect(new DraftFile(file).get('composer:c-2')).toBe('kept');
    }
    // A directory where the file should be: nothing to read, and a write that fails is told, not thrown.
    const errors: Error[] = [];
    const drafts = new DraftFile(dir, { onError: (e) => errors.push(e) });
    drafts.set('composer:c-1', 'text');
    expect(() => drafts.close()).not.toThrow();
    expect(errors).toHaveLength(1);
  });

  it('keeps the entries that make sense from a file with some that do not', () => {
    const file = join(tempDir(), 'drafts.json');
    writeFileSync(
      file,
      JSON.stringify({
        v: 1,
        drafts: { 'composer:ok': { value: 'fine', at: 1 }, 'composer:no-at': { value: 'x' }, 'form:bad': { value: { a: 1 }, at: 2 }, 'composer:null': null },
      }),
    );
    const drafts = new DraftFile(file);
    expect(drafts.keys('')).toEqual(['composer:ok']);
  });

  it('forgets an emptied draft on disk too, and removes the file once none is left', () => {
    const file = join(tempDir(), 'drafts.json');
    const drafts = new DraftFile(file);
    drafts.set('composer:c-1', 'Hello');
    drafts.set('form:call-1', { topic: 'Billing' });
    drafts.flush();
    drafts.set('composer:c-1', '');
    drafts.flush();
    expect(new DraftFile(file).get('composer:c-1')).toBeUndefined();
    expect(new DraftFile(file).get('form:call-1')).toEqual({ topic: 'Billing' });
    drafts.set('form:call-1', { topic: '' });
    drafts.flush();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps the drafts another panel of the same agent wrote meanwhile', () => {
    const file = join(tempDir(), 'drafts.json');
    const one = new DraftFile(file);
    const two = new DraftFile(file);
    one.set('composer:c-1', 'from one');
    one.flush();
    two.set('composer:c-2', 'from two');
    two.flush();
    const after = new DraftFile(file);
    expect(after.get('composer:c-1')).toBe('from one');
    expect(after.get('composer:c-2')).toBe('from two');
  });

  it('is bounded: the newest MAX_DRAFTS drafts, each cut to MAX_DRAFT_BYTES', () => {
    const file = join(tempDir(), 'drafts.json');
    const drafts = new DraftFile(file);
    const now = vi.spyOn(Date, 'now');
    for (let i = 0; i < MAX_DRAFTS + 5; i++) {
      now.mockReturnValue(1_000 + i);
      drafts.set(`composer:c-${i}`, `draft ${i}`);
    }
    now.mockRestore();
    drafts.set('composer:long', 'é'.repeat(MAX_DRAFT_BYTES));
    drafts.flush();
    const after = new DraftFile(file);
    expect(after.keys('composer:')).toHaveLength(MAX_DRAFTS);
    expect(after.get('composer:c-0')).toBeUndefined();
    expect(after.get(`composer:c-${MAX_DRAFTS + 4}`)).toBe(`draft ${MAX_DRAFTS + 4}`);
    const long = after.get('composer:long') as string;
    // Two bytes each: half of them fit, and no character is cut in two.
    expect(long).toBe('é'.repeat(MAX_DRAFT_BYTES / 2));
    expect(readFileSync(file).length).toBeLessThan(MAX_DRAFT_BYTES + MAX_DRAFTS * 100);
  });
});

describe('draftsPathFor', () => {
  it("puts each agent's drafts beside the journal of the server", () => {
    const journal = journalPathFor('ws://centre.example:7300/agent', { SWITCHBOARD_STATE_DIR: '/state' });
    expect(draftsPathFor(journal, '1001')).toBe('/state/journal-centre.example_7300_agent.drafts-1001.json');
    expect(draftsPathFor('/data/journal.jsonl', '../x')).toBe('/data/journal.drafts-.._x.json');
  });
});
