import type { Command } from 'commander';
import type { ListResponse } from '@hookstream/contracts';
import { parseInteger } from '../args/argument-parsers';
import type { Output } from '../output/output';
import { renderTable, type Column } from '../output/table';

export interface ListOptions {
  limit?: number;
  iterator?: string;
}

/** `--limit` and `--iterator`, Svix's pagination. */
export function withListOptions(command: Command): Command {
  return command
    .option('--limit <n>', 'items per page (1-250, default 50)', (value: string) => parseInteger(value, '--limit', 1, 250))
    .option('--iterator <iterator>', 'continue from a previous page');
}

/** A page as a table (and where the next page starts), or as the API's JSON. */
export function showPage<T>(output: Output, page: ListResponse<T>, columns: Column<T>[]): void {
  output.result(page, () => renderTable(columns, page.data, output.color));
  if (!page.done && page.iterator) output.note(`more: --iterator ${page.iterator}`);
}
