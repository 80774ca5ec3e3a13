import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import { dataMeshTranslationRef } from '../../translation';
import { AdoptionFigures } from './AdoptionFigures';
import { DomainsTable } from './DomainsTable';
import { MeshCompliancePanel } from './MeshCompliancePanel';
import { ProductsTable } from './ProductsTable';
import { useMeshData } from './useMeshData';

/**
 * The mesh at a glance, without a page header: adoption figures, compliance
 * across the mesh, the domains and a filterable list of data products. The
 * catalog, compliance and SLO parts load independently, so one failing never
 * hides the others.
 */
export function DataMeshOverview() {
  const { catalog, compliance, slos } = useMeshData();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  if (catalog.loading) return <Progress />;
  if (catalog.error) return <ResponseErrorPanel error={catalog.error} />;
  const data = catalog.value!;
  if (data.products.length === 0 && data.domains.length === 0) {
    return (
      <EmptyState
        missing="content"
        title={t('meshPage.empty.title')}
        description={t('meshPage.empty.description')}
      />
    );
  }
  let compliancePanel;
  if (compliance.loading) compliancePanel = <Progress />;
  else if (compliance.error) {
    compliancePanel = <ResponseErrorPanel error={compliance.error} />;
  } else
    compliancePanel = <MeshCompliancePanel compliance={compliance.value!} />;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <AdoptionFigures
          catalog={data}
          compliance={compliance.value}
          slos={slos.value}
          slosLoading={slos.loading}
        />
      </Grid>
      <Grid item xs={12} lg={5}>
        {compliancePanel}
      </Grid>
      <Grid item xs={12} lg={7}>
        <DomainsTable catalog={data} compliance={compliance.value} />
      </Grid>
      <Grid item xs={12}>
        <ProductsTable
          catalog={data}
          compliance={compliance.value}
          slos={slos.value}
        />
      </Grid>
    </Grid>
  );
}
