import { Client, Pool, type QueryResultRow } from 'pg';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

/** What a prepared statement runs on: the service's DataSource, or the EntityManager of a transaction. */
export type StatementTarget = DataSource | EntityManager;

/**
 * A statement that runs once per event or per small batch, sent as a pg named statement: Postgres parses and plans
 * it once per connection instead of at every call. For a one-row INSERT at 500 a second, that halved the backend's
 * CPU (docs/benchmarks.md). It goes to the pg pool or to the transaction's client directly, so TypeORM's query
 * logger does not see it; its errors are TypeORM's `QueryFailedError`, as `EntityManager.query` throws them.
 * Names must be unique across the process: pg refuses one name with two texts on a connection. Behind a PgBouncer in
 * transaction mode, set its `max_prepared_statements` (1.21+) so that it tracks them.
 */
export class PreparedStatement<Row extends QueryResultRow = QueryResultRow> {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  async run(target: StatementTarget, values: unknown[]): Promise<Row[]> {
    const connection = await pgConnectionOf(target);
    try {
      const result = await connection.query<Row>({ name: this.name, text: this.text, values });
      return result.rows;
    } catch (error) {
      throw error instanceof Error ? new QueryFailedError(this.text, values, error) : error;
    }
  }
}

/** The pg client of the target's transaction, or else its DataSource's pool. */
async function pgConnectionOf(target: StatementTarget): Promise<Client | Pool> {
  const manager = 'manager' in target ? target.manager : target;
  if (manager.queryRunner) {
    const client: unknown = await manager.queryRunner.connect();
    if (client instanceof Client) return client;
    throw new Error(`prepared statement on a connection that is not pg's: ${manager.connection.options.type}`);
  }
  const { connection } = manager;
  if (!connection.isInitialized) throw new Error(`prepared statement on DataSource "${connection.name}", which is not initialized (or destroyed)`);
  const pool: unknown = 'master' in connection.driver ? connection.driver.master : undefined;
  if (pool instanceof Pool) return pool;
  throw new Error(`prepared statement on DataSource "${connection.name}", whose driver has no pg pool: ${connection.options.type}`);
}
