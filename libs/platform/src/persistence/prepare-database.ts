import type { DataSource } from 'typeorm';
import type { HookstreamConfig } from '../config/hookstream-config';
import type { ReadinessRegistry } from '../observability/readiness';
import { runMigrationsLocked } from './data-source-options';

/** Start-up of a service's database: its migrations (unless a Job runs them) and its readiness probe. */
export async function prepareServiceDatabase(
  dataSource: DataSource,
  schema: string,
  config: HookstreamConfig,
  readiness: ReadinessRegistry,
): Promise<void> {
  if (config.runMigrations) await runMigrationsLocked(dataSource, schema);
  readiness.register(`postgres:${schema}`, async () => void (await dataSource.query('SELECT 1')));
}
