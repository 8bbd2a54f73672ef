import type { Command } from 'commander';
import type { ApplicationOut, ListResponse } from '@hookstream/contracts';
import { apiPath } from '../api/api-path';
import { collectPair, parseInteger, parseNumberList } from '../args/argument-parsers';
import type { CliIo } from '../output/output';
import { renderRecord, type Column } from '../output/table';
import { action } from '../program/command-context';
import { showPage, withListOptions, type ListOptions } from './list-options';

interface AppOptions {
  name?: string;
  uid?: string;
  rateLimit?: number;
  retrySchedule?: number[];
  metadata?: Record<string, string>;
}

const COLUMNS: Column<ApplicationOut>[] = [
  { header: 'id', value: (app) => app.id },
  { header: 'uid', value: (app) => app.uid },
  { header: 'name', value: (app) => app.name },
  { header: 'retry schedule (s)', value: (app) => app.retrySchedule },
  { header: 'created', value: (app) => app.createdAt },
];

function renderApp(app: ApplicationOut): string {
  return renderRecord([
    ['id', app.id],
    ['uid', app.uid],
    ['name', app.name],
    ['rate limit', app.rateLimit],
    ['retry schedule (s)', app.retrySchedule],
    ['metadata', app.metadata],
    ['created', app.createdAt],
    ['updated', app.updatedAt],
  ]);
}

function withAppFields(command: Command): Command {
  return command
    .option('--uid <uid>', 'your own id for the app (usable wherever the app id is)')
    .option('--rate-limit <n>', 'messages per second', (value: string) => parseInteger(value, '--rate-limit', 1, 1_000_000))
    .option('--retry-schedule <seconds>', 'default retry delays, e.g. 5,30,300 ("" for none)', (value: string) => parseNumberList(value, '--retry-schedule'))
    .option('--metadata <key=value>', 'metadata entry (repeatable)', collectPair);
}

function appBody(options: AppOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (options.name !== undefined) body.name = options.name;
  if (options.uid !== undefined) body.uid = options.uid;
  if (options.rateLimit !== undefined) body.rateLimit = options.rateLimit;
  if (options.retrySchedule !== undefined) body.retrySchedule = options.retrySchedule;
  if (options.metadata !== undefined) body.metadata = options.metadata;
  return body;
}

export function registerAppCommands(program: Command, io: CliIo): void {
  const apps = program.command('apps').description('applications: list, create, get, update, delete');

  withListOptions(apps.command('list').description('list applications')).action(
    action<ListOptions>(io, async ({ api: client, output }, _args, options) => {
      showPage(output, await client().get<ListResponse<ApplicationOut>>('/app', { limit: options.limit, iterator: options.iterator }), COLUMNS);
    }),
  );

  withAppFields(apps.command('create').description('create an application').argument('<name>', 'display name')).action(
    action<AppOptions>(io, async ({ api: client, output }, [name], options) => {
      const app = await client().post<ApplicationOut>('/app', { ...appBody(options), name });
      output.result(app, () => renderApp(app));
    }),
  );

  apps.command('get').description('show an application').argument('<app>', 'app id or uid').action(
    action(io, async ({ api: client, output }, [app]) => {
      const found = await client().get<ApplicationOut>(apiPath`/app/${app}`);
      output.result(found, () => renderApp(found));
    }),
  );

  withAppFields(apps.command('update').description('change fields of an application').argument('<app>', 'app id or uid'))
    .option('--name <name>', 'new display name')
    .action(
      action<AppOptions>(io, async ({ api: client, output }, [app], options) => {
        const updated = await client().patch<ApplicationOut>(apiPath`/app/${app}`, appBody(options));
        output.result(updated, () => renderApp(updated));
      }),
    );

  apps.command('delete').description('delete an application, its endpoints and event log').argument('<app>', 'app id or uid').action(
    action(io, async ({ api: client, output }, [app]) => {
      await client().delete(apiPath`/app/${app}`);
      output.result({ deleted: app }, () => `deleted application ${app}`);
    }),
  );
}
