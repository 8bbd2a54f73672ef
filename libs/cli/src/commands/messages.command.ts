import type { Command } from 'commander';
import type { ListResponse, MessageAttemptOut, MessageOut } from '@hookstream/contracts';
import { apiPath } from '../api/api-path';
import { parseJsonObject, parseList } from '../args/argument-parsers';
import type { CliIo, Output } from '../output/output';
import { renderRecord, type Column } from '../output/table';
import { action } from '../program/command-context';
import { showPage, withListOptions, type ListOptions } from './list-options';

interface SendOptions {
  payload: Record<string, unknown>;
  eventId?: string;
  channels?: string[];
  idempotencyKey?: string;
}

const MESSAGE_COLUMNS: Column<MessageOut>[] = [
  { header: 'id', value: (message) => message.id },
  { header: 'event type', value: (message) => message.eventType },
  { header: 'event id', value: (message) => message.eventId },
  { header: 'channels', value: (message) => message.channels },
  { header: 'time', value: (message) => message.timestamp },
];

const TRIGGERS = ['scheduled', 'manual'];

function attemptColumns(output: Output): Column<MessageAttemptOut>[] {
  return [
    { header: 'attempt', value: (attempt) => attempt.id },
    { header: 'endpoint', value: (attempt) => attempt.endpointId },
    { header: 'status', value: (attempt) => output.paint(attempt.statusText === 'success' ? 'green' : 'red', attempt.statusText) },
    { header: 'code', value: (attempt) => attempt.responseStatusCode || null },
    { header: 'ms', value: (attempt) => attempt.responseDurationMs },
    { header: 'trigger', value: (attempt) => TRIGGERS[attempt.triggerType] ?? attempt.triggerType },
    { header: 'time', value: (attempt) => attempt.timestamp },
  ];
}

function renderMessage(message: MessageOut): string {
  return [
    renderRecord([
      ['id', message.id],
      ['event type', message.eventType],
      ['event id', message.eventId],
      ['channels', message.channels],
      ['tags', message.tags],
      ['time', message.timestamp],
    ]),
    'payload:',
    JSON.stringify(message.payload, null, 2),
  ].join('\n');
}

export function registerMessageCommands(program: Command, io: CliIo): void {
  program
    .command('send')
    .description('send an event to every endpoint of the app subscribed to its type')
    .argument('<app>', 'app id or uid')
    .argument('<eventType>', 'e.g. render.completed')
    .option('--payload <json|@file>', 'the payload, a JSON object', (value: string) => parseJsonObject(value), {})
    .option('--event-id <id>', 'your id for the event (deduplicates: sending it again returns the same message)')
    .option('--channels <channels>', 'channels, comma-separated', parseList)
    .option('--idempotency-key <key>', 'Idempotency-Key header')
    .action(
      action<SendOptions>(io, async ({ api: client, output }, [app, eventType], options) => {
        const body: Record<string, unknown> = { eventType, payload: options.payload };
        if (options.eventId) body.eventId = options.eventId;
        if (options.channels) body.channels = options.channels;
        const headers: Record<string, string> = options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {};
        const message = await client().post<MessageOut>(apiPath`/app/${app}/msg`, body, headers);
        output.result(message, () => renderMessage(message));
        output.note(`its attempts: hookstream attempts ${app} ${message.id}`);
      }),
    );

  const messages = program.command('messages').description("an application's messages: list, get");
  withListOptions(messages.command('list').description('list messages, newest first').argument('<app>', 'app id or uid'))
    .option('--event-type <type>', 'only this event type (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--channel <channel>', 'only this channel')
    .action(
      action<ListOptions & { eventType?: string[]; channel?: string }>(io, async ({ api: client, output }, [app], options) => {
        const params = new URLSearchParams();
        for (const type of options.eventType ?? []) params.append('event_types', type);
        const path = `${apiPath`/app/${app}/msg`}${params.size ? `?${params}` : ''}`;
        const query = { limit: options.limit, iterator: options.iterator, channel: options.channel };
        showPage(output, await client().get<ListResponse<MessageOut>>(path, query), MESSAGE_COLUMNS);
      }),
    );

  messages.command('get').description('show a message and its payload').argument('<app>', 'app id or uid').argument('<msg>', 'message id or event id').action(
    action(io, async ({ api: client, output }, [app, msg]) => {
      const message = await client().get<MessageOut>(apiPath`/app/${app}/msg/${msg}`);
      output.result(message, () => renderMessage(message));
    }),
  );

  withListOptions(program.command('attempts').description("a message's delivery attempts, oldest first").argument('<app>', 'app id or uid').argument('<msg>', 'message id or event id'))
    .option('--endpoint <endpoint>', 'only attempts to this endpoint')
    .action(
      action<ListOptions & { endpoint?: string }>(io, async ({ api: client, output }, [app, msg], options) => {
        const query = { limit: options.limit, iterator: options.iterator, order: 'ascending', endpoint_id: options.endpoint };
        showPage(output, await client().get<ListResponse<MessageAttemptOut>>(apiPath`/app/${app}/attempt/msg/${msg}`, query), attemptColumns(output));
      }),
    );

  program
    .command('resend')
    .description('send a message to an endpoint again (a manual attempt)')
    .argument('<app>', 'app id or uid')
    .argument('<msg>', 'message id or event id')
    .argument('<endpoint>', 'endpoint id or uid')
    .action(
      action(io, async ({ api: client, output }, [app, msg, endpoint]) => {
        const answer = await client().post<object>(apiPath`/app/${app}/msg/${msg}/endpoint/${endpoint}/resend`);
        output.result({ resent: true, msg, endpoint, ...answer }, () => `resending ${msg} to ${endpoint}; follow it: hookstream attempts ${app} ${msg}`);
      }),
    );
}
