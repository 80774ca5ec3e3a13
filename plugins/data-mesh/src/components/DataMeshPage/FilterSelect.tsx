import { useTranslationRef } from '@backstage/frontend-plugin-api';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { makeStyles } from '@material-ui/core/styles';
import { dataMeshTranslationRef } from '../../translation';

const useStyles = makeStyles(
  { select: { minWidth: 160 } },
  { name: 'MeshworkDataMeshFilterSelect' },
);

/** The value of a filter that lets everything through. */
export const ALL = '';

/** One filter of the product list: "All" or one of its options. */
export function FilterSelect(props: {
  /** Unique in the page; names the label's element. */
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** `[value, text]` pairs. */
  options: Array<[string, string]>;
}) {
  const { id, label, value, onChange, options } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const labelId = `meshwork-filter-${id}`;
  return (
    <FormControl size="small" className={classes.select}>
      <InputLabel id={labelId} shrink>
        {label}
      </InputLabel>
      <Select
        labelId={labelId}
        value={value}
        onChange={e => onChange(String(e.target.value))}
        displayEmpty
      >
        <MenuItem value={ALL}>{t('meshPage.filters.all')}</MenuItem>
        {options.map(([v, text]) => (
          <MenuItem key={v} value={v}>
            {text}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
