import type { TableOptions } from '@backstage/core-components';

/**
 * Options of Backstage's `Table` for the plugin's lists: dense, no search of its own,
 * and pages of `pageSize` rows once there are more.
 */
export function pagedTableOptions<T extends object>(
  rows: number,
  pageSize: number,
  options: TableOptions<T> = {},
): TableOptions<T> {
  return {
    paging: rows > pageSize,
    pageSize,
    pageSizeOptions: [pageSize],
    search: false,
    padding: 'dense',
    ...options,
  };
}
