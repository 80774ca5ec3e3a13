import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';

/** A small labelled select: the plugin's filters and the lineage controls. */
export function SelectField<T extends string | number>(props: {
  /** Unique in the page; names the label's element. */
  id: string;
  label: string;
  value: T;
  /** `[value, text]` pairs. */
  options: ReadonlyArray<readonly [T, string]>;
  onChange(value: T): void;
  className?: string;
  /** Keeps the label above the field, for an empty value that shows text. */
  shrink?: boolean;
}) {
  const { id, label, value, options, onChange, className, shrink } = props;
  return (
    <FormControl size="small" className={className}>
      <InputLabel id={id} shrink={shrink}>
        {label}
      </InputLabel>
      <Select
        labelId={id}
        value={value}
        // MUI hands back the value of the chosen option, of the option's type.
        onChange={e => onChange(e.target.value as T)}
        displayEmpty={shrink}
      >
        {options.map(([v, text]) => (
          <MenuItem key={v} value={v}>
            {text}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
