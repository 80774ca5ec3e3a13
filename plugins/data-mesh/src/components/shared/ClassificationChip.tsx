import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import LockIcon from '@material-ui/icons/Lock';
import { dataMeshTranslationRef } from '../../translation';

const useStyles = makeStyles(
  theme => ({
    confidential: {
      backgroundColor: theme.palette.warning.main,
      color: theme.palette.getContrastText(theme.palette.warning.main),
      fontWeight: theme.typography.fontWeightBold as number,
    },
    restricted: {
      backgroundColor: theme.palette.error.main,
      color: theme.palette.getContrastText(theme.palette.error.main),
      fontWeight: theme.typography.fontWeightBold as number,
    },
    icon: { color: 'inherit' },
  }),
  { name: 'MeshworkDataMeshClassificationChip' },
);

const SENSITIVE = new Set(['confidential', 'restricted']);

/**
 * A product's data classification; confidential and restricted data stand out
 * (filled warning and error colours, a lock).
 */
export function ClassificationChip(props: { classification?: string }) {
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const value = props.classification?.toLocaleLowerCase('en-US');
  if (!value) {
    return (
      <Chip
        size="small"
        variant="outlined"
        label={t('common.classification.unclassified')}
      />
    );
  }
  const sensitive = SENSITIVE.has(value);
  return (
    <Chip
      size="small"
      label={value}
      data-classification={value}
      variant={sensitive ? 'default' : 'outlined'}
      className={
        value === 'confidential' || value === 'restricted'
          ? classes[value]
          : undefined
      }
      icon={sensitive ? <LockIcon className={classes.icon} /> : undefined}
      aria-label={
        sensitive
          ? t('common.classification.sensitiveLabel', { classification: value })
          : t('common.classification.label', { classification: value })
      }
    />
  );
}
