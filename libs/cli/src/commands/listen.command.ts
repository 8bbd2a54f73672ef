import type { Command } from 'commander';
import type { SignatureProfile } from '@hookstream/contracts';
import { CliError, EXIT_CODES, UsageError } from '../api/cli-errors';
import { collect, parseInteger, parsePort } from '../args/argument-parsers';
import { collectSignatureProfile } from '../args/signature-profile';
import { WebhookListener } from '../listen/webhook-listener';
import { renderWebhook } from '../listen/webhook-report';
import type { CliIo } from '../output/output';
import { action } from '../program/command-context';
import { untilInterrupted } from '../program/interrupt';

interface ListenOptions {
  secret: string[];
  signatureProfile?: SignatureProfile[];
  respond: number;
  host: string;
}

const SECRET_PATTERN = /^(whsec_|whpk_)[A-Za-z0-9+/=]+$/;

export function registerListenCommand(program: Command, io: CliIo): void {
  program
    .command('listen')
    .description('receive webhooks on a local port: print each one and check its signatures (answers 2xx when they verify, 401 when not)')
    .argument('<port>', 'port on 127.0.0.1', parsePort)
    .requiredOption('--secret <secret>', "the endpoint's secret: whsec_… (or whpk_… for ed25519); repeat during a rotation", collect)
    .option('--signature-profile <profile>', 'also check hmac-hex:<header>[:<prefix>] or timestamped:<header> (repeatable)', collectSignatureProfile)
    .option('--respond <status>', 'status to answer verified webhooks with (e.g. 500 to watch retries)', (value: string) => parseInteger(value, '--respond', 200, 599), 200)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(
      action<ListenOptions>(io, async ({ output }, [portArgument], options) => {
        const port = Number(portArgument); // already checked by parsePort
        const invalid = options.secret.filter((secret) => !SECRET_PATTERN.test(secret));
        if (invalid.length > 0) throw new UsageError('--secret must be a whsec_… secret (or a whpk_… public key), as `hookstream endpoints secret` shows it');
        const listener = await WebhookListener.start(
          { port, host: options.host, secrets: options.secret, profiles: options.signatureProfile ?? [], respond: options.respond },
          (webhook) => output.streamed(webhook, () => renderWebhook(webhook, (color, text) => output.paint(color, text))),
        ).catch((error: NodeJS.ErrnoException) => {
          throw new CliError(`cannot listen on ${options.host}:${port}: ${error.code ?? error.message}`, EXIT_CODES.usage);
        });
        output.note(`listening on ${listener.url}: register it as an endpoint's URL; Ctrl-C to stop`);
        try {
          await untilInterrupted();
        } finally {
          await listener.stop();
        }
      }),
    );
}
