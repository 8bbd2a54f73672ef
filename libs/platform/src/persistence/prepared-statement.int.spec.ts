import { randomBytes } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { PreparedStatement } from './prepared-statement';

// Against the machine's Postgres, in a schema of its own in the `test` database.
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('PreparedStatement (real Postgres)', () => {
  const schema = `hs_prepared_${randomBytes(4).toString('hex')}`;
  let dataSource: DataSource;
  let insert: PreparedStatement<{ id: number; label: string }>;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: DATABASE_URL, extra: { max: 2 } }).initialize();
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    await dataSource.query(`CREATE TABLE ${schema}.items (id int PRIMARY KEY, label text NOT NULL)`);
    insert = new PreparedStatement(`${schema}.insert`, `INSERT INTO ${schema}.items (id, label) SELECT * FROM unnest($1::int[], $2::text[]) RETURNING id, label`);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dataSource?.destroy();
  });

  it('runs on the pool and returns the rows, prepared once per connection', async () => {
    expect(await insert.run(dataSource, [[1, 2], ['one', 'two']])).toEqual([{ id: 1, label: 'one' }, { id: 2, label: 'two' }]);
    expect(await insert.run(dataSource.manager, [[3], ['three']])).toEqual([{ id: 3, label: 'three' }]);
    await dataSource.transaction(async (tx) => {
      await insert.run(tx, [[4], ['four']]);
      const prepared = await tx.query('SELECT name, statement FROM pg_prepared_statements WHERE name = $1', [insert.name]);
      expect(prepared).toEqual([{ name: insert.name, statement: insert.text }]);
    });
  });

  it("runs in the caller's transaction, so a rollback takes its write back", async () => {
    const rollback = new Error('roll back');
    await expect(
      dataSource.transaction(async (tx) => {
        await insert.run(tx, [[10], ['ten']]);
        expect(await tx.query(`SELECT label FROM ${schema}.items WHERE id = 10`)).toEqual([{ label: 'ten' }]);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await dataSource.query(`SELECT label FROM ${schema}.items WHERE id = 10`)).toEqual([]);
  });

  it("throws TypeORM's QueryFailedError carrying Postgres's code, as EntityManager.query does", async () => {
    await insert.run(dataSource, [[20], ['twenty']]);
    const failure = await insert.run(dataSource, [[20], ['again']]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError<Error & { code: string }>).driverError.code).toBe('23505');
    expect(await insert.run(dataSource, [[21], ['after the failure']])).toEqual([{ id: 21, label: 'after the failure' }]);
  });

  it('refuses a DataSource that is not initialized, naming it', async () => {
    const closed = new DataSource({ type: 'postgres', url: DATABASE_URL, name: 'closed' });
    await expect(insert.run(closed, [[30], ['thirty']])).rejects.toThrow('DataSource "closed", which is not initialized');
  });
});
