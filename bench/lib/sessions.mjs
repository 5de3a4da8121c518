// Sessions started in the bench process, through the core, with no socket:
// the setup before what a bench measures, made as cheaply as it can be. A
// client can take such a session over later with its token (session.resume).

/**
 * Log agent in as a gateway would (engine.handle of session.login, inbound),
 * available or paused with pauseReason. Returns the session's token; throws
 * if the core refuses.
 */
export function loginAtEngine(engine, agent, as = 'available', pauseReason = undefined) {
  const args = { agent: agent.number, pin: agent.pin, strategy: 'inbound', as, ...(pauseReason ? { pauseReason } : {}) };
  const r = engine.handle({ v: 1, id: `bench-login-${agent.number}`, cmd: 'session.login', args }, { principal: null, address: '127.0.0.1' });
  if (!r.ok) throw new Error(`login of ${agent.number} refused: ${r.error.message}`);
  return r.result.token;
}
