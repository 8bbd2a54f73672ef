import type { Command } from 'commander';
import { Agent, EventSource, type Dispatcher } from 'undici';
import type { ApplicationOut } from '@hookstream/contracts';
import { apiPath } from '../api/api-path';
import { CliError, EXIT_CODES, UsageError } from '../api/cli-errors';
import type { CliIo, Color, Output } from '../output/output';
import { action } from '../program/command-context';
import { untilInterrupted } from '../program/interrupt';

/** One `status` event of `GET /app/{app}/events/stream`. */
export interface DeliveryStatusEvent {
  msgId: string;
  endpointId: string;
  status: string;
  statusText: string;
  attemptNumber?: number;
  responseStatusCode?: number;
  timestamp: string;
}

const STATUS_COLORS: Record<string, Color> = { success: 'green', fail: 'red', pending: 'yellow', sending: 'cyan', canceled: 'dim' };

export function renderStatusEvent(event: DeliveryStatusEvent, paint: Output['paint'] = (_color, text) => text): string {
  const details = [
    event.attemptNumber !== undefined ? `attempt ${event.attemptNumber}` : null,
    event.responseStatusCode ? `HTTP ${event.responseStatusCode}` : null,
  ].filter((detail) => detail !== null);
  const status = paint(STATUS_COLORS[event.statusText] ?? 'bold', event.statusText.padEnd(8));
  return `${event.timestamp}  ${event.msgId}  → ${event.endpointId}  ${status}${details.length ? `  ${details.join(', ')}` : ''}`;
}

export function registerTailCommand(program: Command, io: CliIo): void {
  program
    .command('tail')
    .description("print an app's deliveries live, as their status changes, until Ctrl-C")
    .argument('[app]', 'app id or uid')
    .option('--app <app>', 'app id or uid (instead of the argument)')
    .action(
      action<{ app?: string }>(io, async ({ api: client, output }, [appArgument], options) => {
        const appIdOrUid = options.app ?? appArgument;
        if (!appIdOrUid) throw new UsageError('tail needs an app: hookstream tail <app> (the live stream is per app)');
        const hookstream = client();
        const app = await hookstream.get<ApplicationOut>(apiPath`/app/${appIdOrUid}`);
        const dispatcher = authorizedDispatcher(hookstream.target.token);
        const stream = new EventSource(hookstream.urlOf(apiPath`/app/${app.id}/events/stream`), { node: { dispatcher } });
        try {
          await Promise.race([untilInterrupted(), streamClosed(stream, output, app)]);
        } finally {
          stream.close();
          await dispatcher.close();
        }
      }),
    );
}

/** Prints every status event; resolves never, rejects when the stream is closed for good (EventSource reconnects otherwise). */
function streamClosed(stream: EventSource, output: Output, app: ApplicationOut): Promise<never> {
  return new Promise((_resolve, reject) => {
    stream.addEventListener('open', () => output.note(`tailing deliveries of ${app.uid ?? app.id} (${app.name}); Ctrl-C to stop`));
    stream.addEventListener('status', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as DeliveryStatusEvent;
      output.streamed(change, () => renderStatusEvent(change, (color, text) => output.paint(color, text)));
    });
    stream.addEventListener('error', () => {
      if (stream.readyState === stream.CLOSED) reject(new CliError('the live stream was refused or closed by Hookstream', EXIT_CODES.api));
      else output.note('live stream interrupted; reconnecting…');
    });
  });
}

/** EventSource cannot set headers; an interceptor adds the bearer token to its requests. */
function authorizedDispatcher(token: string): Dispatcher {
  const authorization = `Bearer ${token}`;
  return new Agent().compose((dispatch) => (options, handler) => dispatch({ ...options, headers: withAuthorization(options.headers, authorization) }, handler));
}

function withAuthorization(headers: Dispatcher.DispatchOptions['headers'], authorization: string): Dispatcher.DispatchOptions['headers'] {
  if (!headers) return { authorization };
  if (Array.isArray(headers)) return [...headers, 'authorization', authorization];
  if (Symbol.iterator in headers) return [...(headers as Iterable<[string, string | string[] | undefined]>), ['authorization', authorization]];
  return { ...headers, authorization };
}
