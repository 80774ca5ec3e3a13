import { EmptyState, InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { formatDateTime } from '../../lib/format';
import { dataMeshTranslationRef } from '../../translation';
import { ComplianceRollUp } from '../shared';
import type { MeshCompliance } from './useMeshData';

/** Compliance across the mesh: the roll-up of every evaluated product. */
export function MeshCompliancePanel(props: { compliance: MeshCompliance }) {
  const { mesh } = props.compliance;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const title = t('meshPage.compliance.title');
  if (mesh.products === 0) {
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
  return (
    <InfoCard
      title={title}
      subheader={
        mesh.lastSweep
          ? t('meshPage.compliance.lastSweep', {
              time: formatDateTime(mesh.lastSweep.finishedAt),
            })
          : undefined
      }
    >
      <ComplianceRollUp
        summary={mesh}
        gaugeLabel={t('meshPage.compliance.gaugeLabel', {
          share: String(mesh.compliantShare),
        })}
        line={t('meshPage.compliance.averageScore', {
          score: String(mesh.averageScore),
        })}
      />
    </InfoCard>
  );
}
