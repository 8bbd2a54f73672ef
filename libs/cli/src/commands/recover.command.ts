import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiPath } from '../api/api-path';
import { ApiError, CliError, EXIT_CODES } from '../api/cli-errors';
import type { HookstreamApi } from '../api/hookstream-api';
import { parseInteger, parseTime } from '../args/argument-parsers';
import type { CliIo, Output } from '../output/output';
import { progressBar, type Progress } from '../output/progress';
import { action } from '../program/command-context';

interface RecoverOptions {
  since: Date;
  until?: Date;
  timeout: number;
}

/** Svix background task (`qtask_…`), as `GET /background-task/{id}` answers it. */
interface BackgroundTask {
  id: string;
  status: 'running' | 'finished' | 'failed';
  task: string;
  data?: { messagesResent?: number; skippedExpunged?: number; error?: string };
  updatedAt?: string;
}

interface EndpointStats {
  fail: number;
}

const POLL_INTERVAL_MS = 500;

export function registerRecoverCommand(program: Command, io: CliIo): void {
  program
    .command('recover')
    .description("resend every failed delivery of an endpoint since a time, following the background task until it is done")
    .argument('<app>', 'app id or uid')
    .argument('<endpoint>', 'endpoint id or uid')
    .requiredOption('--since <time>', 'messages created since: ISO 8601 or an age like 30m, 2h, 1d', (value: string) => parseTime(value))
    .option('--until <time>', 'messages created before: ISO 8601 or an age', (value: string) => parseTime(value))
    .option('--timeout <seconds>', 'stop following the task after this long', (value: string) => parseInteger(value, '--timeout', 1, 86_400), 600)
    .action(
      action<RecoverOptions>(io, async ({ api: client, output }, [app, endpoint], options) => {
        const hookstream = client();
        const window = { since: options.since.toISOString(), until: options.until?.toISOString() };
        const statsPath = apiPath`/app/${app}/endpoint/${endpoint}/stats`;
        const failedBefore = (await hookstream.get<EndpointStats>(statsPath, window)).fail;
        const started = await hookstream.post<BackgroundTask>(apiPath`/app/${app}/endpoint/${endpoint}/recover`, window);
        const progress = progressBar(output, `recover ${started.id}`);
        progress.start(failedBefore);
        let task: BackgroundTask;
        try {
          task = await follow(hookstream, started, options.timeout * 1000, async () => {
            const failedNow = (await hookstream.get<EndpointStats>(statsPath, window)).fail;
            return Math.max(0, failedBefore - failedNow);
          }, progress);
        } finally {
          progress.stop();
        }
        report(output, task, endpoint);
      }),
    );
}

/**
 * Polls the task until it leaves `running`; meanwhile the bar shows how many of the failed deliveries are no
 * longer failed (it never moves backwards, though a delivery that fails again counts as failed again).
 */
async function follow(hookstream: HookstreamApi, started: BackgroundTask, timeoutMs: number, recovered: () => Promise<number>, progress: Progress): Promise<BackgroundTask> {
  const deadline = Date.now() + timeoutMs;
  let shown = 0;
  let task = started;
  while (task.status === 'running') {
    if (Date.now() > deadline) throw new CliError(`recover task ${task.id} still running after ${timeoutMs / 1000} s (it goes on in Hookstream)`, EXIT_CODES.api);
    await sleep(POLL_INTERVAL_MS);
    task = await taskState(hookstream, task);
    shown = Math.max(shown, await recovered());
    progress.update(shown);
  }
  const resent = (task.data?.messagesResent ?? 0) + (task.data?.skippedExpunged ?? 0);
  progress.update(resent, resent);
  return task;
}

async function taskState(hookstream: HookstreamApi, task: BackgroundTask): Promise<BackgroundTask> {
  try {
    return await hookstream.get<BackgroundTask>(apiPath`/background-task/${task.id}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      throw new CliError(`recover task ${task.id} started, but following it needs the operator token (background tasks are not app-scoped)`, EXIT_CODES.api);
    }
    throw error;
  }
}

function report(output: Output, task: BackgroundTask, endpoint: string): void {
  if (task.status === 'failed') throw new CliError(`recover task ${task.id} failed: ${task.data?.error ?? 'no reason given'}`, EXIT_CODES.api);
  const resent = task.data?.messagesResent ?? 0;
  const skipped = task.data?.skippedExpunged ?? 0;
  output.result(task, () => `recover ${task.id} finished: ${resent} message(s) resent to ${endpoint}${skipped ? `, ${skipped} skipped (payload expunged)` : ''}`);
}
