import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { normalizeRef } from '../../lib/catalog';
import { dataMeshTranslationRef } from '../../translation';
import type { DataMeshCardProps } from '../types';
import { ComplianceRollUp } from '../shared';

/**
 * A domain's compliance roll-up, its subdomains' products included: how many
 * products pass, warn and fail, the share compliant, the average score and the
 * policies that fail most.
 */
export function EntityDomainComplianceCard(props: DataMeshCardProps) {
  const { entity } = useEntity();
  const api = useApi(dataMeshApiRef);
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const domainRef = useMemo(
    () => normalizeRef(stringifyEntityRef(entity)),
    [entity],
  );
  const { value, loading, error } = useAsync(
    () => api.getDomainCompliance({ includeSubdomains: true }),
    [api],
  );
  const summary = value?.items.find(
    item =>
      item.domainRef !== null && normalizeRef(item.domainRef) === domainRef,
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!summary || summary.products === 0) {
    content = (
      <EmptyState
        missing="data"
        title={t('domainComplianceCard.empty.title')}
        description={t('domainComplianceCard.empty.description')}
      />
    );
  } else {
    content = (
      <ComplianceRollUp
        summary={summary}
        gaugeLabel={t('domainComplianceCard.gaugeLabel', {
          share: String(summary.compliantShare),
        })}
        line={t('domainComplianceCard.summary', {
          compliant: String(summary.compliant),
          products: String(summary.products),
          share: String(summary.compliantShare),
          score: String(summary.averageScore),
        })}
      />
    );
  }
  return (
    <InfoCard
      title={props.title ?? t('domainComplianceCard.title')}
      variant="gridItem"
    >
      {content}
    </InfoCard>
  );
}
