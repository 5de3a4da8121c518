import type { z } from 'zod';
import type { HandlerContext, Principal } from '../context.js';
import { commandSchemas, type CommandName } from '../protocol/commands.js';
import { pause, unpause } from './agent.js';
import { checkLogin, login, logout, resume } from './session.js';

type Parsed<C extends CommandName> = z.output<(typeof commandSchemas)[C]>;

/**
 * What each protocol command does. `public` commands run without a logged-in
 * agent; the rest receive the caller's principal, checked by the engine.
 */
export type CommandSpec<C extends CommandName> =
  | { public: true; handle: (ctx: HandlerContext, args: Parsed<C>) => unknown }
  | { public?: false; supervisorOnly?: boolean; handle: (ctx: HandlerContext, args: Parsed<C>, who: Principal) => unknown };

export const COMMANDS: { [C in CommandName]: CommandSpec<C> } = {
  'session.check': { public: true, handle: checkLogin },
  'session.login': { public: true, handle: login },
  'session.resume': { public: true, handle: resume },
  'session.logout': { handle: (ctx, _args, who) => logout(ctx, who) },
  'agent.pause': { handle: (ctx, args, who) => pause(ctx, who, args.reason) },
  'agent.unpause': { handle: (ctx, _args, who) => unpause(ctx, who) },
  'sys.ping': { public: true, handle: (ctx) => ({ pong: true, serverTime: ctx.clock.now() }) },
};
