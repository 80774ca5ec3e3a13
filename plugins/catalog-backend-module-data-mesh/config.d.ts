export interface Config {
  dataMesh?: {
    catalog?: {
      /**
       * How the catalog enforces governance policies on data products.
       *
       * - `warn` (default): every valid product is accepted; the data-mesh backend
       *   records which policies it fails.
       * - `block`: a product that fails a required policy (built-in, global, or of its
       *   domains) is refused with an error on the entity that lists each violation and
       *   its remediation; the catalog keeps serving the product's last good version.
       */
      enforcement?: 'warn' | 'block';
    };
  };
}
