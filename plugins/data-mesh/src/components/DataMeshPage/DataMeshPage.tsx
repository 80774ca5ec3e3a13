import { Content, Header, Page } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { dataMeshTranslationRef } from '../../translation';
import { DataMeshOverview } from './DataMeshOverview';

/**
 * The mesh page of the legacy frontend system, with its header; the new
 * frontend system's page (`page:data-mesh`) gives the overview its own.
 */
export function DataMeshPage() {
  const { t } = useTranslationRef(dataMeshTranslationRef);
  return (
    <Page themeId="tool">
      <Header title={t('meshPage.title')} subtitle={t('meshPage.subtitle')} />
      <Content>
        <DataMeshOverview />
      </Content>
    </Page>
  );
}
