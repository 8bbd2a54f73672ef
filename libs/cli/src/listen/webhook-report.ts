import { renderRecord } from '../output/table';
import type { Color } from '../output/output';
import type { ReceivedWebhook } from './received-webhook';

type Paint = (color: Color, text: string) => string;

/** How `hookstream listen` prints one webhook for a person: summary, headers, pretty body, one line per check. */
export function renderWebhook(webhook: ReceivedWebhook, paint: Paint = (_color, text) => text): string {
  const title = `${webhook.method} ${webhook.path}  ${webhook.receivedAt}`;
  const summary = renderRecord([
    ['id', webhook.id],
    ['type', webhook.eventType],
    ['timestamp', webhook.timestamp],
  ]);
  const headers = Object.entries(webhook.headers).map(([name, value]) => `  ${paint('dim', `${name}:`)} ${value}`);
  const body = typeof webhook.body === 'string' ? webhook.body : JSON.stringify(webhook.body, null, 2);
  const checks = webhook.checks.map((check) =>
    check.ok
      ? `  ${paint('green', '✔')} ${check.scheme} (${check.header}) verified`
      : `  ${paint('red', '✘')} ${check.scheme} (${check.header}) failed: ${check.reason ?? 'unknown reason'}`,
  );
  const answer = webhook.verified ? paint('green', `answered ${webhook.responseStatus}`) : paint('red', `answered ${webhook.responseStatus} (signature not verified)`);
  return [
    paint('bold', `── ${title} ${'─'.repeat(Math.max(4, 60 - title.length))}`),
    summary,
    'headers:',
    ...headers,
    'body:',
    indent(body),
    'signatures:',
    ...checks,
    answer,
    '',
  ].join('\n');
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
