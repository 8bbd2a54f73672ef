import type { Command } from 'commander';
import type { EventTypeOut, ListResponse } from '@hookstream/contracts';
import { apiPath } from '../api/api-path';
import { parseJsonObject } from '../args/argument-parsers';
import type { CliIo } from '../output/output';
import { renderRecord, type Column } from '../output/table';
import { action } from '../program/command-context';
import { showPage, withListOptions, type ListOptions } from './list-options';

interface EventTypeOptions {
  description?: string;
  schema?: Record<string, unknown>;
  group?: string;
  deprecated?: boolean;
  archived?: boolean;
}

const COLUMNS: Column<EventTypeOut>[] = [
  { header: 'name', value: (type) => type.name },
  { header: 'description', value: (type) => type.description || null },
  { header: 'group', value: (type) => type.groupName },
  { header: 'deprecated', value: (type) => type.deprecated },
  { header: 'archived', value: (type) => type.archived },
];

function renderEventType(type: EventTypeOut): string {
  return renderRecord([
    ['name', type.name],
    ['description', type.description || null],
    ['group', type.groupName],
    ['deprecated', type.deprecated],
    ['archived', type.archived],
    ['schema versions', type.schemas ? Object.keys(type.schemas) : null],
    ['created', type.createdAt],
    ['updated', type.updatedAt],
  ]);
}

function withEventTypeFields(command: Command): Command {
  return command
    .option('--description <text>', 'description')
    .option('--schema <json|@file>', 'JSON Schema of the payload (version 1)', (value: string) => parseJsonObject(value, '--schema'))
    .option('--group <name>', 'group name');
}

function eventTypeBody(options: EventTypeOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (options.description !== undefined) body.description = options.description;
  if (options.schema !== undefined) body.schemas = { '1': options.schema };
  if (options.group !== undefined) body.groupName = options.group;
  if (options.deprecated !== undefined) body.deprecated = options.deprecated;
  if (options.archived !== undefined) body.archived = options.archived;
  return body;
}

export function registerEventTypeCommands(program: Command, io: CliIo): void {
  const eventTypes = program.command('event-types').description('event types: list, create, get, update, delete');

  withListOptions(eventTypes.command('list').description('list event types'))
    .option('--include-archived', 'list archived ones too')
    .action(
      action<ListOptions & { includeArchived?: boolean }>(io, async ({ api: client, output }, _args, options) => {
        const query = { limit: options.limit, iterator: options.iterator, include_archived: options.includeArchived };
        showPage(output, await client().get<ListResponse<EventTypeOut>>('/event-type', query), COLUMNS);
      }),
    );

  withEventTypeFields(eventTypes.command('create').description('register an event type').argument('<name>', 'e.g. render.completed')).action(
    action<EventTypeOptions>(io, async ({ api: client, output }, [name], options) => {
      const created = await client().post<EventTypeOut>('/event-type', { description: '', ...eventTypeBody(options), name });
      output.result(created, () => renderEventType(created));
    }),
  );

  eventTypes.command('get').description('show an event type').argument('<name>', 'event type name').action(
    action(io, async ({ api: client, output }, [name]) => {
      const found = await client().get<EventTypeOut>(apiPath`/event-type/${name}`);
      output.result(found, () => renderEventType(found));
    }),
  );

  withEventTypeFields(eventTypes.command('update').description('change an event type').argument('<name>', 'event type name'))
    .option('--deprecated', 'mark it deprecated')
    .option('--no-deprecated', 'clear deprecated')
    .option('--archived', 'archive it')
    .option('--no-archived', 'unarchive it')
    .action(
      action<EventTypeOptions>(io, async ({ api: client, output }, [name], options) => {
        const updated = await client().patch<EventTypeOut>(apiPath`/event-type/${name}`, eventTypeBody(options));
        output.result(updated, () => renderEventType(updated));
      }),
    );

  eventTypes
    .command('delete')
    .description('archive an event type (--expunge: delete it for good)')
    .argument('<name>', 'event type name')
    .option('--expunge', 'delete instead of archiving')
    .action(
      action<{ expunge?: boolean }>(io, async ({ api: client, output }, [name], options) => {
        await client().delete(apiPath`/event-type/${name}`, { expunge: options.expunge });
        output.result({ deleted: name, expunged: options.expunge === true }, () => `${options.expunge ? 'deleted' : 'archived'} event type ${name}`);
      }),
    );
}
