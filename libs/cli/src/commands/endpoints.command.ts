import type { Command } from 'commander';
import type { EndpointOut, EndpointSecretOut, ListResponse, SignatureProfile } from '@hookstream/contracts';
import { apiPath } from '../api/api-path';
import { collectPair, parseInteger, parseList, parseNumberList } from '../args/argument-parsers';
import { collectSignatureProfile, describeSignatureProfile } from '../args/signature-profile';
import type { CliIo } from '../output/output';
import { renderRecord, type Column } from '../output/table';
import { action } from '../program/command-context';
import { showPage, withListOptions, type ListOptions } from './list-options';

interface EndpointOptions {
  url?: string;
  uid?: string;
  description?: string;
  filterTypes?: string[];
  channels?: string[];
  retrySchedule?: number[];
  timeoutMs?: number;
  rateLimit?: number;
  maxConcurrency?: number;
  header?: Record<string, string>;
  signatureProfile?: SignatureProfile[];
  disabled?: boolean;
  secret?: string;
  keyType?: string;
}

interface SecretOptions {
  rotate?: boolean;
  key?: string;
  graceSeconds?: number;
}

const COLUMNS: Column<EndpointOut>[] = [
  { header: 'id', value: (endpoint) => endpoint.id },
  { header: 'uid', value: (endpoint) => endpoint.uid },
  { header: 'url', value: (endpoint) => endpoint.url },
  { header: 'event types', value: (endpoint) => endpoint.filterTypes ?? 'all' },
  { header: 'disabled', value: (endpoint) => endpoint.disabled },
];

function renderEndpoint(endpoint: EndpointOut): string {
  return renderRecord([
    ['id', endpoint.id],
    ['uid', endpoint.uid],
    ['url', endpoint.url],
    ['description', endpoint.description || null],
    ['event types', endpoint.filterTypes ?? 'all'],
    ['channels', endpoint.channels],
    ['disabled', endpoint.disabled],
    ['retry schedule (s)', endpoint.retrySchedule],
    ['timeout (ms)', endpoint.timeoutMs],
    ['rate limit', endpoint.rateLimit],
    ['max concurrency', endpoint.maxConcurrency],
    ['signature profiles', endpoint.signatureProfiles.map(describeSignatureProfile)],
    ['created', endpoint.createdAt],
    ['updated', endpoint.updatedAt],
  ]);
}

function withEndpointFields(command: Command): Command {
  const count = (name: string, max: number) => (value: string) => parseInteger(value, name, 1, max);
  return command
    .option('--uid <uid>', 'your own id for the endpoint')
    .option('--description <text>', 'description')
    .option('--filter-types <types>', 'event types it receives, comma-separated (default: all)', parseList)
    .option('--channels <channels>', 'channels it receives, comma-separated', parseList)
    .option('--retry-schedule <seconds>', 'retry delays, e.g. 5,30,300 ("" for none)', (value: string) => parseNumberList(value, '--retry-schedule'))
    .option('--timeout-ms <ms>', 'attempt timeout', count('--timeout-ms', 300_000))
    .option('--rate-limit <n>', 'deliveries per second', count('--rate-limit', 1_000_000))
    .option('--max-concurrency <n>', 'deliveries in flight at once', count('--max-concurrency', 10_000))
    .option('--header <name=value>', 'custom header sent with every delivery (repeatable)', collectPair)
    .option('--signature-profile <profile>', 'extra signature: hmac-hex:<header>[:<prefix>] or timestamped:<header> (repeatable)', collectSignatureProfile)
    .option('--disabled', 'create or set it disabled');
}

function endpointBody(options: EndpointOptions): Record<string, unknown> {
  const fields: Array<[string, unknown]> = [
    ['url', options.url],
    ['uid', options.uid],
    ['description', options.description],
    ['filterTypes', options.filterTypes],
    ['channels', options.channels],
    ['retrySchedule', options.retrySchedule],
    ['timeoutMs', options.timeoutMs],
    ['rateLimit', options.rateLimit],
    ['maxConcurrency', options.maxConcurrency],
    ['headers', options.header],
    ['signatureProfiles', options.signatureProfile],
    ['disabled', options.disabled],
    ['secret', options.secret],
    ['keyType', options.keyType],
  ];
  return Object.fromEntries(fields.filter(([, value]) => value !== undefined));
}

export function registerEndpointCommands(program: Command, io: CliIo): void {
  const endpoints = program.command('endpoints').description("an application's endpoints: list, create, get, update, delete, secret");

  withListOptions(endpoints.command('list').description("list an application's endpoints").argument('<app>', 'app id or uid')).action(
    action<ListOptions>(io, async ({ api: client, output }, [app], options) => {
      const page = await client().get<ListResponse<EndpointOut>>(apiPath`/app/${app}/endpoint`, { limit: options.limit, iterator: options.iterator });
      showPage(output, page, COLUMNS);
    }),
  );

  withEndpointFields(endpoints.command('create').description('create an endpoint').argument('<app>', 'app id or uid').argument('<url>', 'where webhooks are POSTed'))
    .option('--secret <whsec_…>', 'signing secret (default: generated)')
    .option('--key-type <type>', 'hmac-sha256 (default) or ed25519')
    .action(
      action<EndpointOptions>(io, async ({ api: client, output }, [app, url], options) => {
        const endpoint = await client().post<EndpointOut>(apiPath`/app/${app}/endpoint`, { ...endpointBody(options), url });
        output.result(endpoint, () => renderEndpoint(endpoint));
        output.note(`its signing secret: hookstream endpoints secret ${app} ${endpoint.id}`);
      }),
    );

  endpoints.command('get').description('show an endpoint').argument('<app>', 'app id or uid').argument('<endpoint>', 'endpoint id or uid').action(
    action(io, async ({ api: client, output }, [app, endpoint]) => {
      const found = await client().get<EndpointOut>(apiPath`/app/${app}/endpoint/${endpoint}`);
      output.result(found, () => renderEndpoint(found));
    }),
  );

  withEndpointFields(endpoints.command('update').description('change fields of an endpoint').argument('<app>', 'app id or uid').argument('<endpoint>', 'endpoint id or uid'))
    .option('--url <url>', 'new URL')
    .option('--enabled', 'enable it again')
    .action(
      action<EndpointOptions & { enabled?: boolean }>(io, async ({ api: client, output }, [app, endpoint], options) => {
        const body = endpointBody(options);
        if (options.enabled) body.disabled = false;
        const updated = await client().patch<EndpointOut>(apiPath`/app/${app}/endpoint/${endpoint}`, body);
        output.result(updated, () => renderEndpoint(updated));
      }),
    );

  endpoints.command('delete').description('delete an endpoint').argument('<app>', 'app id or uid').argument('<endpoint>', 'endpoint id or uid').action(
    action(io, async ({ api: client, output }, [app, endpoint]) => {
      await client().delete(apiPath`/app/${app}/endpoint/${endpoint}`);
      output.result({ deleted: endpoint }, () => `deleted endpoint ${endpoint}`);
    }),
  );

  endpoints
    .command('secret')
    .description("show an endpoint's signing secret (--rotate: replace it first; the old one keeps signing during the grace period)")
    .argument('<app>', 'app id or uid')
    .argument('<endpoint>', 'endpoint id or uid')
    .option('--rotate', 'rotate the secret, then show the new one')
    .option('--key <whsec_…>', 'with --rotate: the new secret (default: generated)')
    .option('--grace-seconds <s>', 'with --rotate: how long the old secret keeps signing', (value: string) => parseInteger(value, '--grace-seconds', 0, 30 * 86_400))
    .action(
      action<SecretOptions>(io, async ({ api: client, output }, [app, endpoint], options) => {
        const hookstream = client();
        if (options.rotate) {
          const body: Record<string, unknown> = {};
          if (options.key) body.key = options.key;
          if (options.graceSeconds !== undefined) body.graceSeconds = options.graceSeconds;
          await hookstream.post(apiPath`/app/${app}/endpoint/${endpoint}/secret/rotate`, body);
        }
        const secret = await hookstream.get<EndpointSecretOut>(apiPath`/app/${app}/endpoint/${endpoint}/secret`);
        output.result(secret, () => secret.key);
      }),
    );
}
