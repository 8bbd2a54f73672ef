import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ListResponse } from '@hookstream/contracts';
import type { PageRequest } from '@hookstream/platform';

export interface Page<T> {
  rows: T[];
  done: boolean;
}

/**
 * Svix pagination over a prefixed-ULID id column (ids sort by creation time): `iterator` continues after an
 * id; a `prevIterator` (`-<id>`) goes back one page. Fetches `limit + 1` rows: the extra one only says that
 * another page exists.
 */
export async function fetchPage<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, page: PageRequest): Promise<Page<T>> {
  const backwards = page.iterator?.startsWith('-') ?? false;
  const iterator = backwards ? page.iterator?.slice(1) : page.iterator;
  const descending = page.descending !== backwards;
  if (iterator) qb.andWhere(`${column} ${descending ? '<' : '>'} :iterator`, { iterator });
  const rows = await qb.orderBy(column, descending ? 'DESC' : 'ASC').limit(page.limit + 1).getMany();
  const pageRows = rows.slice(0, page.limit);
  // Going back, the page we came from follows, so the list is not done.
  return backwards ? { rows: pageRows.reverse(), done: false } : { rows: pageRows, done: rows.length <= page.limit };
}

export function toPageResponse<Row extends { id: string }, Out>(page: Page<Row>, request: PageRequest, map: (row: Row) => Out): ListResponse<Out> {
  return {
    data: page.rows.map(map),
    iterator: page.rows.at(-1)?.id ?? request.iterator ?? null,
    prevIterator: page.rows[0] ? `-${page.rows[0].id}` : null,
    done: page.done,
  };
}
