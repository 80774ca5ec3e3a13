import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
  node: {
    fill: '#7df3e1',
  },
  edge: {
    stroke: '#7df3e1',
    strokeWidth: 3,
  },
});

/** Meshwork's mark: four domains joined into a mesh. */
export const LogoIcon = () => {
  const classes = useStyles();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 40 40"
      role="img"
      aria-label="Meshwork"
    >
      <line className={classes.edge} x1="8" y1="8" x2="32" y2="8" />
      <line className={classes.edge} x1="8" y1="8" x2="8" y2="32" />
      <line className={classes.edge} x1="32" y1="8" x2="32" y2="32" />
      <line className={classes.edge} x1="8" y1="32" x2="32" y2="32" />
      <line className={classes.edge} x1="8" y1="8" x2="32" y2="32" />
      <circle className={classes.node} cx="8" cy="8" r="6" />
      <circle className={classes.node} cx="32" cy="8" r="6" />
      <circle className={classes.node} cx="8" cy="32" r="6" />
      <circle className={classes.node} cx="32" cy="32" r="6" />
    </svg>
  );
};
