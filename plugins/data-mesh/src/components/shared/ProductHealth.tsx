import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { SloStatus } from '@meshwork/plugin-data-mesh-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef } from '../../api';
import { ComplianceStatusLabel } from './ComplianceStatusLabel';

/** How a product's SLOs stand: all met, some missed, or nothing measured. */
export type SloSummary =
  | { kind: 'none' }
  | { kind: 'nodata'; total: number }
  | { kind: 'measured'; met: number; measured: number; total: number };

export function summarizeSlos(slos: readonly SloStatus[]): SloSummary {
  if (slos.length === 0) return { kind: 'none' };
  const measured = slos.filter(s => s.met !== null);
  if (measured.length === 0) return { kind: 'nodata', total: slos.length };
  return {
    kind: 'measured',
    met: measured.filter(s => s.met).length,
    measured: measured.length,
    total: slos.length,
  };
}

/** A product's SLO summary in a table cell. */
export function SloSummaryLabel(props: { summary: SloSummary }) {
  const { summary } = props;
  if (summary.kind === 'none') {
    return <StatusWarning>no SLOs</StatusWarning>;
  }
  if (summary.kind === 'nodata') {
    return <StatusPending>no data</StatusPending>;
  }
  const text = `${summary.met}/${summary.measured} met`;
  return summary.met === summary.measured ? (
    <StatusOK>{text}</StatusOK>
  ) : (
    <StatusError>{text}</StatusError>
  );
}

function Failed(props: { error: Error }) {
  return (
    <Typography variant="caption" color="error" title={props.error.message}>
      unavailable
    </Typography>
  );
}

/** Fetches and shows one product's compliance status and score (a table cell). */
export function ProductComplianceCell(props: { product: CompoundEntityRef }) {
  const api = useApi(dataMeshApiRef);
  const { namespace, name, kind } = props.product;
  const { value, loading, error } = useAsync(
    () => api.getProductCompliance({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
  if (loading) return <StatusPending>loading</StatusPending>;
  if (error || !value)
    return <Failed error={error ?? new Error('no result')} />;
  return (
    <span>
      <ComplianceStatusLabel status={value.status} />
      <Typography variant="caption" color="textSecondary" component="div">
        {`score ${value.score}`}
      </Typography>
    </span>
  );
}

/** Fetches and shows one product's SLO summary (a table cell). */
export function ProductSloCell(props: { product: CompoundEntityRef }) {
  const api = useApi(dataMeshApiRef);
  const { namespace, name, kind } = props.product;
  const { value, loading, error } = useAsync(
    () => api.getSloStatus({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
  if (loading) return <StatusPending>loading</StatusPending>;
  if (error || !value)
    return <Failed error={error ?? new Error('no result')} />;
  return <SloSummaryLabel summary={summarizeSlos(value.slos)} />;
}
