import { Command, CommanderError } from 'commander';
import { CliError, EXIT_CODES } from '../api/cli-errors';
import { registerAppCommands } from '../commands/apps.command';
import { registerEndpointCommands } from '../commands/endpoints.command';
import { registerEventTypeCommands } from '../commands/event-types.command';
import { registerListenCommand } from '../commands/listen.command';
import { registerMessageCommands } from '../commands/messages.command';
import { registerRecoverCommand } from '../commands/recover.command';
import { registerTailCommand } from '../commands/tail.command';
import type { CliIo } from '../output/output';
import { DEFAULT_URL } from './command-context';

/** The `hookstream` command tree. Errors surface as exceptions (exitOverride) so runCli decides the exit code. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('hookstream')
    .description("Hookstream's command line: manage apps, endpoints and event types, send events, inspect and resend deliveries, and receive webhooks locally")
    .option('--url <url>', `Hookstream base URL (env HOOKSTREAM_URL, default ${DEFAULT_URL})`)
    .option('--token <token>', 'operator or app token (env HOOKSTREAM_TOKEN)')
    .option('--json', 'machine-readable JSON output (no tables, colours or progress bars)')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  registerAppCommands(program, io);
  registerEndpointCommands(program, io);
  registerEventTypeCommands(program, io);
  registerMessageCommands(program, io);
  registerRecoverCommand(program, io);
  registerTailCommand(program, io);
  registerListenCommand(program, io);
  return program;
}

/** Runs the CLI on `args` (without node and the script) and returns the exit code; errors are printed, not thrown. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(args, { from: 'user' });
    return EXIT_CODES.ok;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // commander has printed its message; help and version end with exitCode 0.
    return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (error instanceof CliError) {
    io.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT_CODES.api;
}
