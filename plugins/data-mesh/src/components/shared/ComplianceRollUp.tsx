import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ComplianceSummary } from '../../api/types';
import { usePagedItems } from './usePagedItems';

const POLICIES_PER_PAGE = 5;

/** Products and their compliance split, as figures. */
export function ComplianceFigures(props: { summary: ComplianceSummary }) {
  const { summary } = props;
  const figure = (label: string, value: string | number) => (
    <Grid item xs={6} sm={3}>
      <Typography variant="h4" component="div">
        {value}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {label}
      </Typography>
    </Grid>
  );
  return (
    <Grid container spacing={2} aria-label="Compliance figures">
      {figure('products evaluated', summary.products)}
      {figure('passing', summary.passing)}
      {figure('warning', summary.warning)}
      {figure('failing', summary.failing)}
    </Grid>
  );
}

/** The policies failing most often across a set of products, bounded to pages. */
export function FailingPolicies(props: { summary: ComplianceSummary }) {
  const failing = props.summary.policies.filter(p => p.failed + p.error > 0);
  const { pageItems, pagination } = usePagedItems(
    failing,
    POLICIES_PER_PAGE,
    'failing policies pages',
  );
  if (failing.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No policy fails on any product.
      </Typography>
    );
  }
  return (
    <>
      <Table size="small" aria-label="Failing policies">
        <TableHead>
          <TableRow>
            <TableCell>Policy</TableCell>
            <TableCell>Severity</TableCell>
            <TableCell align="right">Failing products</TableCell>
            <TableCell align="right">Waived</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {pageItems.map(p => (
            <TableRow key={p.policyId}>
              <TableCell>{p.policyId}</TableCell>
              <TableCell>{p.severity}</TableCell>
              <TableCell align="right">{p.failed + p.error}</TableCell>
              <TableCell align="right">{p.waived}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {pagination}
    </>
  );
}
