import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { ReactNode } from 'react';
import { usePagedItems } from './usePagedItems';

/** A column of a {@link BoundedTable}: its heading and how a row shows in it. */
export interface BoundedTableColumn<T> {
  title: string;
  render(item: T): ReactNode;
  align?: 'right';
  className?: string;
}

/**
 * A small table inside a card, bounded to pages of `pageSize` rows: the compact
 * Material UI table the cards use where Backstage's `Table` (a toolbar, search)
 * would be too much.
 */
export function BoundedTable<T>(props: {
  /** The table's accessible name. */
  label: string;
  /** The pagination control's accessible name. */
  pagesLabel: string;
  columns: BoundedTableColumn<T>[];
  items: readonly T[];
  pageSize: number;
  rowKey(item: T, index: number): string;
}) {
  const { label, pagesLabel, columns, items, pageSize, rowKey } = props;
  const { pageItems, pagination } = usePagedItems(items, pageSize, pagesLabel);
  return (
    <>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            {columns.map(column => (
              <TableCell key={column.title} align={column.align}>
                {column.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {pageItems.map((item, i) => (
            <TableRow key={rowKey(item, i)}>
              {columns.map(column => (
                <TableCell
                  key={column.title}
                  align={column.align}
                  className={column.className}
                >
                  {column.render(item)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {pagination}
    </>
  );
}
