/**
 * The OpenLineage job namespace a data product's pipelines report their runs
 * under, e.g. `shopco.customer`. Together with
 * {@link ANNOTATION_OPENLINEAGE_JOB} it ties OpenLineage run events to the
 * product.
 *
 * @public
 */
export const ANNOTATION_OPENLINEAGE_NAMESPACE =
  'meshwork.dev/openlineage-namespace';

/**
 * The OpenLineage job name of a data product's main pipeline, e.g.
 * `customer_360.build`; a comma-separated list when several jobs build the
 * product.
 *
 * @public
 */
export const ANNOTATION_OPENLINEAGE_JOB = 'meshwork.dev/openlineage-job';
