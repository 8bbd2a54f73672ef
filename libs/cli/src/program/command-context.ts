import type { Command, OptionValues } from 'commander';
import { UsageError } from '../api/cli-errors';
import { HookstreamApi } from '../api/hookstream-api';
import { Output, type CliIo } from '../output/output';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
  color?: boolean;
}

/** What every command gets: its output and, for commands that call Hookstream, the API client. */
export class CommandContext {
  readonly output: Output;

  constructor(
    readonly io: CliIo,
    private readonly globals: GlobalOptions,
  ) {
    this.output = new Output(io, globals.json === true, globals.color !== false);
  }

  /** The API client from `--url`/`HOOKSTREAM_URL` and `--token`/`HOOKSTREAM_TOKEN`. */
  readonly api = (): HookstreamApi => {
    const url = this.globals.url ?? this.io.env.HOOKSTREAM_URL ?? DEFAULT_URL;
    const token = this.globals.token ?? this.io.env.HOOKSTREAM_TOKEN;
    if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url must be an http(s) URL, not "${url}"`);
    if (!token) throw new UsageError('no API token: pass --token or set HOOKSTREAM_TOKEN (the operator token, or an app token)');
    return new HookstreamApi({ url, token });
  };
}

/**
 * A commander action with the context built from the global options; `args` are the command's arguments as
 * declared, `options` its own options.
 */
export function action<O extends OptionValues>(io: CliIo, handler: (context: CommandContext, args: string[], options: O) => Promise<void>) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params[params.length - 1] as Command;
    const context = new CommandContext(io, command.optsWithGlobals<GlobalOptions>());
    await handler(context, command.processedArgs as string[], command.opts<O>());
  };
}
