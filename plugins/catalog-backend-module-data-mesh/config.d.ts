export interface Config {
  /**
   * Meshwork, the data mesh plugin suite.
   */
  meshwork?: {
    /**
     * Settings of the catalog module (`@meshwork/plugin-catalog-backend-module-data-mesh`).
     *
     * Reserved: the module has no settings yet. It validates the `DataProduct`
     * and `Domain` kinds and emits their relations without configuration. How
     * the catalog enforces governance policies (warn, or refuse a product that
     * breaks a required policy) will be configured here.
     */
    catalog?: {
      [key: string]: unknown;
    };
  };
}
