import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Help, InvalidArgumentError, type Option } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { UsageError } from '../pipeline/errors.js';
import { EXIT } from '../engine/exit-code.js';
import { reportError } from './errors.js';
import { outcome } from './exit.js';
import { configureTerminal, inertText, writeRaw } from './terminal.js';

/** The README shipped with the package (the project is not published, so this is the docs link). */
export const DOCS_PATH = fileURLToPath(new URL('../../README.md', import.meta.url));

const HELP_FOOTER = `
Exit codes:
  0  every check at or above --fail-on passed (or was waived) and collection was complete
  1  unwaived failures at or above --fail-on (with --fail-on-new: only new ones)
  2  usage or configuration error: bad flags, invalid policy or input, unwritable output
  3  no failure found, but the scan was incomplete (--allow-incomplete turns this into 0)

Environment: AWS_REGION / AWS_DEFAULT_REGION, AWS_PROFILE, AWS_ENDPOINT_URL; NO_COLOR, FORCE_COLOR.
Docs: ${DOCS_PATH} and the docs/ folder beside it (limits and error meanings: docs/limits.md)
`;

/** Global flags, accepted before or after the command. */
const GLOBAL_FLAGS = new Set(['--debug', '--color', '--no-color']);

/** Help that never shows an empty list as a default (`(default: [])` beside "default platform-baseline"). */
class SquadguardHelp extends Help {
  override optionDescription(option: Option): string {
    if (Array.isArray(option.defaultValue) && option.defaultValue.length === 0 && !option.defaultValueDescription) {
      const copy = Object.assign(Object.create(Object.getPrototypeOf(option) as object) as Option, option, { defaultValue: undefined });
      return super.optionDescription(copy);
    }
    return super.optionDescription(option);
  }
}

/**
 * Flag values are checked by parsers that throw InvalidArgumentError; the message names the flag
 * (`--concurrency: expected a positive integer, got "x"`) and is one line, not commander's sentence.
 */
function nameFlagInErrors(command: Command): void {
  for (const option of command.options) {
    const parse = option.parseArg;
    if (!parse) continue;
    option.parseArg = <T>(value: string, previous: T): T => {
      try {
        return parse(value, previous);
      } catch (error) {
        const flag = option.long ?? option.flags;
        // Parsers throw InvalidArgumentError (or a UsageError): either way the message starts with the flag.
        if ((error instanceof InvalidArgumentError || error instanceof UsageError) && !error.message.startsWith(flag)) {
          throw new UsageError(`${flag}: ${error.message}`);
        }
        throw error;
      }
    };
  }
}

function configure(command: Command): void {
  command.exitOverride();
  command.configureHelp({ showGlobalOptions: true });
  command.createHelp = () => Object.assign(new SquadguardHelp(), command.configureHelp());
  command.configureOutput({
    writeOut: (text) => writeRaw('stdout', text),
    writeErr: (text) => writeRaw('stderr', inertText(text)),
    outputError: (text, write) => write(text.replace(/^error: /, 'squadguard: ')),
  });
  command.showHelpAfterError(`(run \`squadguard ${command.parent ? `${command.name()} ` : ''}--help\` for usage)`);
  nameFlagInErrors(command);
}

/**
 * Every command, in the order help lists them, each from its own module: a run imports only the module of the
 * command it runs (and what that command needs), help and anything unusual import them all.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Command>]> = [
  ['scan', async () => (await import('./commands/scan.js')).scanCommand()],
  ['collect', async () => (await import('./commands/collect.js')).collectCommand()],
  ['evaluate', async () => (await import('./commands/evaluate.js')).evaluateCommand()],
  ['plan', async () => (await import('./commands/plan.js')).planCommand()],
  ['rules', async () => (await import('./commands/rules.js')).rulesCommand()],
  ['explain', async () => (await import('./commands/info.js')).explainCommand()],
  ['validate-policy', async () => (await import('./commands/info.js')).validatePolicyCommand()],
  ['docs', async () => (await import('./commands/info.js')).docsCommand()],
  ['merge', async () => (await import('./commands/merge.js')).mergeCommand()],
  ['access-map', async () => (await import('./commands/access-map.js')).accessMapCommand()],
  ['scanning-role-policy', async () => (await import('./commands/scanning-role.js')).scanningRolePolicyCommand()],
];

/**
 * The command a run names, when it names one of ours first (global flags, which take no value, may come
 * before it); undefined for help, --version, a typo or nothing, which need the whole program.
 */
export function invokedCommand(args: string[]): string | undefined {
  const first = args.find((arg) => !GLOBAL_FLAGS.has(arg));
  return COMMANDS.some(([name]) => name === first) ? first : undefined;
}

/** The program with every command, or only `only` (what a run of that command sees of the others: nothing). */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('squadguard')
    .description('Policy-as-code compliance scanner for the AWS accounts of ML squads')
    .version(TOOL_VERSION)
    .option('--debug', 'print stack traces of unexpected errors')
    .option('--color', 'colour the output even when it is not a terminal')
    .option('--no-color', 'never colour the output (as NO_COLOR does)')
    .addHelpText('afterAll', HELP_FOOTER);
  configure(program);
  const commands = await Promise.all(COMMANDS.filter(([name]) => only === undefined || name === only).map(([, load]) => load()));
  for (const command of commands) {
    program.addCommand(command);
    configure(command);
  }
  program.hook('preAction', () => {
    const { debug, color } = program.opts<{ debug?: boolean; color?: boolean }>();
    configureTerminal({ debug: debug === true, color });
  });
  return program;
}

/** The global flags as written, before commander parses them (an error while parsing honours them too). */
function earlyGlobals(args: string[]): { debug: boolean; color: boolean | undefined } {
  let color: boolean | undefined;
  for (const arg of args) {
    if (arg === '--color') color = true;
    if (arg === '--no-color') color = false;
  }
  return { debug: args.includes('--debug'), color };
}

/** Runs the CLI; returns the exit code. Usage and configuration errors are 2. */
export async function run(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  configureTerminal(earlyGlobals(args));
  const program = await buildProgram(invokedCommand(args));
  outcome.code = 0;
  if (args.every((arg) => GLOBAL_FLAGS.has(arg))) {
    program.outputHelp(); // a bare `squadguard`: the help, on stdout, exit 0
    return 0;
  }
  try {
    await program.parseAsync(argv);
    return outcome.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return EXIT.usage; // commander already printed the message
    }
    return reportError(error);
  }
}
