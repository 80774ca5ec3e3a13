import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  name: {
    color: '#7df3e1',
    fontSize: 24,
    fontWeight: 700,
    letterSpacing: 0.5,
    whiteSpace: 'nowrap',
  },
});

/** The product's name, for the open sidebar (the closed one shows the mark). */
export const LogoFull = () => {
  const classes = useStyles();
  return <span className={classes.name}>Meshwork</span>;
};
