import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  ComplianceStatus,
  SloStatus,
} from '@meshwork/plugin-data-mesh-common';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { DataMeshApi, dataMeshApiRef } from '../../api/DataMeshApi';
import { dataMeshTranslationRef } from '../../translation';
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
  const { t } = useTranslationRef(dataMeshTranslationRef);
  if (summary.kind === 'none') {
    return <StatusWarning>{t('common.slos.none')}</StatusWarning>;
  }
  if (summary.kind === 'nodata') {
    return <StatusPending>{t('common.slos.noData')}</StatusPending>;
  }
  const text = t('common.slos.met', {
    met: String(summary.met),
    measured: String(summary.measured),
  });
  return summary.met === summary.measured ? (
    <StatusOK>{text}</StatusOK>
  ) : (
    <StatusError>{text}</StatusError>
  );
}

/** A product's compliance status with its score below it. */
export function ComplianceScore(props: {
  status: ComplianceStatus;
  score: number;
}) {
  const { t } = useTranslationRef(dataMeshTranslationRef);
  return (
    <span>
      <ComplianceStatusLabel status={props.status} />
      <Typography variant="caption" color="textSecondary" component="div">
        {t('common.health.score', { score: String(props.score) })}
      </Typography>
    </span>
  );
}

/** One answer of the data-mesh backend about one product, for a table cell. */
function useProductAnswer<T>(
  product: CompoundEntityRef,
  read: (api: DataMeshApi, product: CompoundEntityRef) => Promise<T>,
) {
  const api = useApi(dataMeshApiRef);
  const { namespace, name, kind } = product;
  return useAsync(
    () => read(api, { kind, namespace, name }),
    // `read` is fixed per cell kind; the product's parts are what change.
    [api, kind, namespace, name],
  );
}

/** A cell's loading and failed states around what it shows once answered. */
function AnswerCell<T>(props: {
  state: { loading: boolean; error?: Error; value?: T };
  children(value: T): ReactNode;
}) {
  const { loading, error, value } = props.state;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  if (loading)
    return <StatusPending>{t('common.health.loading')}</StatusPending>;
  if (error || value === undefined) {
    return (
      <Typography variant="caption" color="error" title={error?.message}>
        {t('common.health.unavailable')}
      </Typography>
    );
  }
  return <>{props.children(value)}</>;
}

/** Fetches and shows one product's compliance status and score (a table cell). */
export function ProductComplianceCell(props: { product: CompoundEntityRef }) {
  const state = useProductAnswer(props.product, (api, ref) =>
    api.getProductCompliance(ref),
  );
  return (
    <AnswerCell state={state}>
      {value => <ComplianceScore status={value.status} score={value.score} />}
    </AnswerCell>
  );
}

/** Fetches and shows one product's SLO summary (a table cell). */
export function ProductSloCell(props: { product: CompoundEntityRef }) {
  const state = useProductAnswer(props.product, (api, ref) =>
    api.getSloStatus(ref),
  );
  return (
    <AnswerCell state={state}>
      {value => <SloSummaryLabel summary={summarizeSlos(value.slos)} />}
    </AnswerCell>
  );
}
