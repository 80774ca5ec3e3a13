import { parseEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { dataMeshTranslationRef } from '../../translation';

/**
 * A link to the entity a reference names (with the catalog's defaults for
 * kind and namespace); the reference as text when it cannot be parsed.
 */
export function RefLink(props: {
  entityRef?: string;
  defaultKind: string;
  defaultNamespace?: string;
  title?: string;
}) {
  const { entityRef, defaultKind, defaultNamespace, title } = props;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  if (!entityRef) {
    return (
      <Typography component="span" variant="body2" color="textSecondary">
        {t('common.notSet')}
      </Typography>
    );
  }
  try {
    const ref = parseEntityRef(entityRef, { defaultKind, defaultNamespace });
    return (
      <EntityRefLink entityRef={ref} title={title} defaultKind={defaultKind} />
    );
  } catch {
    return (
      <Typography component="span" variant="body2">
        {entityRef}
      </Typography>
    );
  }
}
