import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { isHttpUrl } from '../../lib/links';

/**
 * A value that may be a URL: a link only when it is http(s), otherwise plain
 * text, so `javascript:`, `file:` or storage locations are never clickable.
 */
export function SafeLink(props: {
  value: string;
  /** The link's text; the value itself when absent. */
  text?: string;
  /** Where the link points when it differs from the value (e.g. resolved). */
  href?: string;
}) {
  const { value, text, href } = props;
  const target = href ?? value;
  if (isHttpUrl(target)) {
    return <Link to={target.trim()}>{text ?? value}</Link>;
  }
  return (
    <Typography
      component="span"
      variant="body2"
      style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
    >
      {text && text !== value ? `${text} (${value})` : value}
    </Typography>
  );
}
