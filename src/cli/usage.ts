import type { Argument, Command, CommanderError, Option } from 'commander';

/** A command line that cannot be used exits 2 (README, Scripting); 1 is for work that was tried and failed. */
export const USAGE_EXIT_CODE = 2;

/** A refusal of the command line itself: its code, and a sentence saying what was wrong and what is expected. */
export class UsageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly command: Command,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Every command of `program` refuses a command line it cannot use the way the
 * other refusals read: `switchboard: CODE: sentence`, then one line naming the
 * command's --help, and exit code 2. Commander printed its own "error: ..."
 * followed by the whole help (the error scrolled off a 24-line terminal) and
 * exited 1; and it checked required options before unknown ones, so
 * `serve --bogus` complained of a missing --config. Required options are
 * checked here instead, after commander has looked at unknown options and the
 * arguments, so the first mistake on the line is the one reported.
 */
export function refuseUnusableCommandLines(program: Command): void {
  const required = new Map<Command, Option[]>();
  for (const command of commandTree(program)) {
    command.showHelpAfterError(false);
    // The sentence is ours (reportUsageError); commander's own line is not printed.
    command.configureOutput({ outputError: () => {} });
    // A group run without its command (bare `switchboard`, `switchboard import`) prints its help through
    // writeErr, the only thing that still writes there: to standard output, as git and npm print theirs,
    // so `switchboard | less` shows it. It still exits 2 (below): nothing was done.
    if (command.commands.length > 0) {
      const output = command.configureOutput();
      command.configureOutput({ writeErr: output.writeOut, getErrHelpWidth: output.getOutHelpWidth, getErrHasColors: output.getOutHasColors });
    }
    command.exitOverride((error) => {
      // Help and --version end as commander ends them; what it refuses becomes ours.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return;
      // `switchboard help serve` asked for help (exit 0); a command with subcommands run without one
      // printed its help in place of running anything (exit 2, README: Commands).
      if (error.code === 'commander.help') {
        if (error.exitCode !== 0) process.exit(USAGE_EXIT_CODE);
        return;
      }
      throw usageError(command, error);
    });
    const mandatory = command.options.filter((option) => option.mandatory);
    for (const option of mandatory) option.mandatory = false;
    if (mandatory.length > 0) required.set(command, mandatory);
  }
  program.hook('preAction', (_program, action) => {
    const missing = required.get(action)?.find((option) => action.getOptionValue(option.attributeName()) === undefined);
    if (missing) throw missingOption(action, missing);
  });
}

/** Prints a UsageError as every refusal of the CLI is printed, and sets exit code 2. */
export function reportUsageError(error: UsageError): void {
  process.stderr.write(`switchboard: ${error.code}: ${error.message}\n${helpHint(error.command)}\n`);
  process.exitCode = USAGE_EXIT_CODE;
}

function commandTree(command: Command): Command[] {
  return [command, ...command.commands.flatMap((sub) => commandTree(sub))];
}

/** "switchboard import leads": the words a person types to run this command. */
function commandLine(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function helpHint(command: Command): string {
  const what = command.commands.length > 0 ? 'its commands' : 'what it takes';
  return `See ${commandLine(command)} --help for ${what}.`;
}

/** The first 'quoted' part of commander's message: the option, argument or command it is about. */
function quoted(message: string, index = 0): string {
  return [...message.matchAll(/'([^']*)'/g)][index]?.[1] ?? '';
}

/** Commander's "(Did you mean --config?)", as the end of our sentence. */
function suggestion(message: string): string {
  const meant = /\(Did you mean (.+)\?\)/.exec(message)?.[1];
  return meant ? ` Did you mean ${meant}?` : '';
}

const withStop = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);

function usageError(command: Command, error: CommanderError): UsageError {
  const line = commandLine(command);
  const message = error.message;
  switch (error.code) {
    case 'commander.unknownOption':
      return new UsageError('UNKNOWN_OPTION', `${line} has no option ${quoted(message)}.${suggestion(message)}`, command);
    case 'commander.unknownCommand':
      return new UsageError('UNKNOWN_COMMAND', `${line} has no command ${quoted(message)}.${suggestion(message)}`, command);
    case 'commander.missingArgument': {
      const argument = command.registeredArguments.find((a) => a.name() === quoted(message));
      return new UsageError('MISSING_ARGUMENT', `${line} needs ${withStop(`<${quoted(message)}>${described(argument)}`)}`, command);
    }
    case 'commander.optionMissingArgument': {
      const option = command.options.find((o) => o.flags === quoted(message));
      return new UsageError('MISSING_VALUE', `${option?.long ?? quoted(message)} needs a value${withStop(described(option))}`, command);
    }
    case 'commander.invalidArgument':
      return new UsageError('BAD_OPTION', invalidValue(command, message), command);
    case 'commander.excessArguments':
      return new UsageError('TOO_MANY_ARGUMENTS', tooManyArguments(command), command);
    default:
      // Anything else commander refuses: its own sentence, without its "error: ".
      return new UsageError('BAD_COMMAND_LINE', withStop(message.replace(/^error: /, '')), command);
  }
}

function described(thing: Argument | Option | undefined): string {
  return thing?.description ? `: ${thing.description}` : '';
}

/** "option '--port <port>' argument 'abc' is invalid. expected a port..." (or a value from the environment). */
function invalidValue(command: Command, message: string): string {
  const option = command.options.find((o) => o.flags === quoted(message));
  const flag = option?.long ?? quoted(message);
  const expected = message.replace(/^.*? is invalid\. /s, '');
  const given = / from env '/.test(message) ? `${quoted(message, 2)}=${quoted(message, 1)} (for ${flag})` : `${flag} ${quoted(message, 1)}`;
  return `${given}: ${withStop(expected)}`;
}

function tooManyArguments(command: Command): string {
  const line = commandLine(command);
  const names = command.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
  const given = command.args.join(' ');
  if (names.length === 0) return `${line} takes no arguments, and was given: ${given}.`;
  const atMost = command.registeredArguments.some((a) => !a.required) ? 'at most ' : '';
  const takes = names.length === 1 ? `${atMost}one argument, ${names[0]}` : `${atMost}${names.length} arguments, ${names.join(' ')}`;
  return `${line} takes ${takes}, and was given ${command.args.length}: ${given}. Put quotes around a value with spaces in it.`;
}

/** A required option not given (nor its environment variable, where it has one). */
function missingOption(command: Command, option: Option): UsageError {
  const orEnvironment = option.envVar ? ` (or ${option.envVar})` : '';
  return new UsageError('MISSING_OPTION', `${commandLine(command)} needs ${option.flags}${orEnvironment}${withStop(described(option))}`, command);
}
