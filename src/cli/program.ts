import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { CredentialsError, NetworkError, OrganizationError } from '../aws/access-errors.js';
import { UsageError } from '../pipeline/errors.js';
import { PolicyError } from '../policy/types.js';
import { collectCommand } from './commands/collect.js';
import { evaluateCommand } from './commands/evaluate.js';
import { docsCommand, explainCommand, rulesCommand, validatePolicyCommand } from './commands/info.js';
import { scanCommand } from './commands/scan.js';
import { accessMapCommand } from './commands/access-map.js';
import { mergeCommand } from './commands/merge.js';
import { planCommand } from './commands/plan.js';
import { scanningRolePolicyCommand } from './commands/scanning-role.js';
import { outcome } from './exit.js';

export const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command('squadguard')
    .description('Policy-as-code compliance scanner for the AWS accounts of ML squads')
    .version(TOOL_VERSION)
    .showHelpAfterError()
    .exitOverride();
  for (const command of [
    scanCommand(),
    collectCommand(),
    evaluateCommand(),
    planCommand(),
    rulesCommand(),
    explainCommand(),
    validatePolicyCommand(),
    docsCommand(),
    mergeCommand(),
    accessMapCommand(),
    scanningRolePolicyCommand(),
  ]) {
    command.exitOverride();
    program.addCommand(command);
  }
  return program;
}

/** Runs the CLI; returns the exit code (DESIGN.md §6). Usage and configuration errors are 2. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  outcome.code = 0;
  try {
    await program.parseAsync(argv);
    return outcome.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return EXIT_USAGE; // commander already printed the message
    }
    if (error instanceof PolicyError) {
      process.stderr.write(`squadguard: invalid policy:\n${error.message.replace(/^/gm, '  ')}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError || error instanceof CredentialsError || error instanceof OrganizationError || error instanceof NetworkError) {
      process.stderr.write(`squadguard: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`squadguard: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_USAGE;
  }
}
