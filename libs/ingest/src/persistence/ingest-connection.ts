/** TypeORM connection name and Postgres schema of ingest's tables. */
export const INGEST_CONNECTION = 'ingest';
