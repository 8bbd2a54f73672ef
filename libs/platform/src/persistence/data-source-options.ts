import type { DataSource, DataSourceOptions } from 'typeorm';

export interface ServiceDatabase {
  /** TypeORM connection name and the Postgres schema the service owns (only the owner writes its tables). */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

/**
 * Each service keeps its tables in its own Postgres schema with its own migrations table, so services can share
 * one database (all-in-one) or use separate ones (Kubernetes) without touching each other's tables.
 */
export function serviceDataSourceOptions(databaseUrl: string, db: ServiceDatabase): DataSourceOptions {
  return {
    type: 'postgres',
    name: db.schema,
    url: databaseUrl,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: `${db.schema.replace(/-/g, '_')}_migrations`,
    migrationsTransactionMode: 'all',
    migrationsRun: false,
    synchronize: false,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}

/**
 * Runs pending migrations under a Postgres advisory lock, so replicas starting together (or the migrations Job
 * beside them) run them once.
 */
export async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`hookstream:migrations:${schema}`]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`hookstream:migrations:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}
