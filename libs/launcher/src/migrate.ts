import { DataSource } from 'typeorm';
import { DELIVERY_LOG_DATABASE } from '@hookstream/delivery-log';
import { INGEST_DATABASE } from '@hookstream/ingest';
import { runMigrationsLocked, serviceDataSourceOptions } from '@hookstream/platform';
import { SIGNER_DATABASE } from '@hookstream/signer';

/** Every service's migrations, for a migrations Job (services then start with HOOKSTREAM_RUN_MIGRATIONS=false). */
export async function migrateAll(databaseUrl: string): Promise<void> {
  for (const database of [INGEST_DATABASE, SIGNER_DATABASE, DELIVERY_LOG_DATABASE]) {
    const dataSource = await new DataSource(serviceDataSourceOptions(databaseUrl, database)).initialize();
    try {
      await runMigrationsLocked(dataSource, database.schema);
    } finally {
      await dataSource.destroy();
    }
  }
}
