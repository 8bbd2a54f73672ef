import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { LessThan, MoreThan, type FindOperator } from 'typeorm';
import type { ListResponse } from '@hookstream/contracts';

/** Svix list parameters: `limit` (1–250, default 50), `iterator` (an id to continue after), `order`. */
export class ListQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit?: number;

  @IsOptional()
  @IsString()
  iterator?: string;

  @IsOptional()
  @IsIn(['ascending', 'descending'])
  order?: 'ascending' | 'descending';
}

export interface PageRequest {
  limit: number;
  iterator?: string;
  descending: boolean;
}

export function pageRequest(query: ListQueryDto, defaultOrder: 'ascending' | 'descending'): PageRequest {
  return {
    limit: query.limit ?? 50,
    iterator: query.iterator,
    descending: (query.order ?? defaultOrder) === 'descending',
  };
}

/**
 * Builds a Svix list response from `limit + 1` rows fetched after the iterator: the extra row only says that
 * another page exists. Ids sort by creation time, so the last id is the next iterator.
 */
export function toListResponse<Row extends { id: string }, Out>(
  rows: Row[],
  page: PageRequest,
  map: (row: Row) => Out,
): ListResponse<Out> {
  const done = rows.length <= page.limit;
  const pageRows = rows.slice(0, page.limit);
  return {
    data: pageRows.map(map),
    iterator: pageRows.at(-1)?.id ?? page.iterator ?? null,
    prevIterator: pageRows[0] ? `-${pageRows[0].id}` : null,
    done,
  };
}

/** The `where` part that continues a page after its iterator (ids sort by creation time). */
export function afterIterator<Id extends string>(page: PageRequest): { id?: FindOperator<Id> } {
  if (!page.iterator) return {};
  const iterator = page.iterator as Id;
  return { id: page.descending ? LessThan(iterator) : MoreThan(iterator) };
}
