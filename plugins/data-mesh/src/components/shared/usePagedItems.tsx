import TablePagination from '@material-ui/core/TablePagination';
import { ReactNode, useEffect, useState } from 'react';

/**
 * Bounds a list to pages of `pageSize`: the items of the current page, and the
 * pagination control (null when everything fits on one page).
 */
export function usePagedItems<T>(
  items: readonly T[],
  pageSize: number,
  label: string,
): { pageItems: T[]; pagination: ReactNode } {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  useEffect(() => {
    if (page > pages - 1) setPage(pages - 1);
  }, [page, pages]);
  const current = Math.min(page, pages - 1);
  const pageItems = items.slice(current * pageSize, (current + 1) * pageSize);
  const pagination =
    items.length > pageSize ? (
      <TablePagination
        component="div"
        count={items.length}
        page={current}
        rowsPerPage={pageSize}
        rowsPerPageOptions={[pageSize]}
        onPageChange={(_e, next) => setPage(next)}
        aria-label={label}
      />
    ) : null;
  return { pageItems, pagination };
}
