import { describe, expect, it } from 'vitest';
import { httpBaseOf } from '../../src/cli/connect.js';

describe('the server web address a connected panel reads screen pops against', () => {
  it('is the agent WebSocket URL with ws → http, wss → https and without /agent', () => {
    expect(httpBaseOf('ws://127.0.0.1:7300/agent')).toBe('http://127.0.0.1:7300');
    expect(httpBaseOf('wss://cc.example.com/agent')).toBe('https://cc.example.com');
    // A path a reverse proxy adds in front is kept.
    expect(httpBaseOf('wss://cc.example.com/switchboard/agent')).toBe('https://cc.example.com/switchboard');
  });
});
