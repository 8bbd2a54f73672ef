import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { runMigrationsLocked, serviceDataSourceOptions } from '@hookstream/platform';
import { EventRejection } from '../events/event-rejection';
import { INGEST_DATABASE } from '../ingest.module';
import { EventTypeEntity } from '../persistence/event-type.entity';
import { PayloadSchemas } from './payload-schemas';

// Against the machine's Postgres, in a database of its own.
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Counts the statements that read event types. */
class EventTypeReads implements TypeOrmLogger {
  count = 0;
  logQuery(query: string): void {
    if (query.startsWith('SELECT') && query.includes('"event_types"')) this.count += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const ORDER_SCHEMA = { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } };

describe('PayloadSchemas (real Postgres)', () => {
  const database = `hs_schemas_${randomBytes(4).toString('hex')}`;
  const reads = new EventTypeReads();
  let dataSource: DataSource;

  beforeAll(async () => {
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    dataSource = await new DataSource({ ...serviceDataSourceOptions(url.toString(), INGEST_DATABASE), logging: ['query'], logger: reads }).initialize();
    await runMigrationsLocked(dataSource, INGEST_DATABASE.schema);
    await dataSource.getRepository(EventTypeEntity).insert({ name: 'order.paid', schemas: { '1': ORDER_SCHEMA } });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('reads an event type once for events that arrive together, and applies its schema to each', async () => {
    const schemas = new PayloadSchemas(dataSource.getRepository(EventTypeEntity));
    reads.count = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => schemas.validate('order.paid', i % 4 === 0 ? { orderId: 7 } : { orderId: `o${i}` })),
    );
    expect(reads.count).toBe(1);
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(rejected).toHaveLength(10);
    expect(rejected[0].reason).toBeInstanceOf(EventRejection);
    expect((rejected[0].reason as EventRejection).code).toBe('schema_violation');
  });

  it('reads an event type again after invalidate, and applies the changed schema', async () => {
    const schemas = new PayloadSchemas(dataSource.getRepository(EventTypeEntity));
    await schemas.validate('order.paid', { orderId: 'o1' });
    await dataSource.getRepository(EventTypeEntity).update({ name: 'order.paid' }, { schemas: { '1': { ...ORDER_SCHEMA, required: ['orderId', 'total'] } } });
    await schemas.validate('order.paid', { orderId: 'o1' });
    schemas.invalidate('order.paid');
    reads.count = 0;
    await expect(schemas.validate('order.paid', { orderId: 'o1' })).rejects.toThrow(/total/);
    expect(reads.count).toBe(1);
  });
});
