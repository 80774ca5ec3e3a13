import { EmptyState, InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { MeshSummaryResponse } from '@meshwork/plugin-data-mesh-common';
import { formatDateTime } from '../../lib/format';
import { dataMeshTranslationRef } from '../../translation';
import { ComplianceRollUp } from '../shared';

/**
 * Compliance across the mesh: the roll-up of every evaluated product, and when
 * the last full sweep finished (and the last incremental one that found a change).
 */
export function MeshCompliancePanel(props: { summary: MeshSummaryResponse }) {
  const { compliance, lastSweep, lastIncrementalSweep, coverage } =
    props.summary;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const title = t('meshPage.compliance.title');
  if (compliance.products === 0) {
    return (
      <InfoCard title={title}>
        <EmptyState
          missing="data"
          title={t('meshPage.compliance.empty.title')}
          description={t('meshPage.compliance.empty.description')}
        />
      </InfoCard>
    );
  }
  const lines: string[] = [];
  if (lastSweep) {
    lines.push(
      lastIncrementalSweep &&
        lastIncrementalSweep.finishedAt > lastSweep.finishedAt
        ? t('meshPage.compliance.lastSweepWithChange', {
            time: formatDateTime(lastSweep.finishedAt),
            changed: formatDateTime(lastIncrementalSweep.finishedAt),
          })
        : t('meshPage.compliance.lastSweep', {
            time: formatDateTime(lastSweep.finishedAt),
          }),
    );
  }
  if (coverage === 'visible') lines.push(t('meshPage.coverage.visible'));
  return (
    <InfoCard
      title={title}
      subheader={lines.length ? lines.join('. ') : undefined}
    >
      <ComplianceRollUp
        summary={compliance}
        gaugeLabel={t('meshPage.compliance.gaugeLabel', {
          share: String(compliance.compliantShare),
        })}
        line={t('meshPage.compliance.averageScore', {
          score: String(compliance.averageScore),
        })}
      />
    </InfoCard>
  );
}
