import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * The user-facing text of the data-mesh plugin: cards, the Compliance tab and
 * the mesh page. Override or translate it with `createTranslationMessages` /
 * `createTranslationResource` in the app.
 *
 * @alpha
 */
export const dataMeshTranslationRef = createTranslationRef({
  id: 'data-mesh',
  messages: {
    common: {
      notSet: 'not set',
      classification: {
        unclassified: 'unclassified',
        label: 'classification {{classification}}',
        sensitiveLabel: 'classification {{classification}} (sensitive)',
      },
      complianceStatus: {
        passing: 'Passing',
        warning: 'Warning',
        failing: 'Failing',
      },
      policyStatus: {
        passed: 'Passed',
        waived: 'Waived',
        error: 'Error',
        failed: 'Failed',
      },
      slos: {
        none: 'no SLOs',
        noData: 'no data',
        met: '{{met}}/{{measured}} met',
      },
      health: {
        loading: 'loading',
        unavailable: 'unavailable',
        score: 'score {{score}}',
        notEvaluated: 'not evaluated yet',
      },
      complianceFigures: {
        label: 'Compliance figures',
        evaluated: 'products evaluated',
        passing: 'passing',
        warning: 'warning',
        failing: 'failing',
        gaugeDescription: 'compliant',
      },
      failingPolicies: {
        title: 'Failing policies',
        pagesLabel: 'failing policies pages',
        none: 'No policy fails on any product.',
        policy: 'Policy',
        severity: 'Severity',
        failing: 'Failing products',
        waived: 'Waived',
      },
      productColumns: {
        product: 'Product',
        domain: 'Domain',
        type: 'Type',
        lifecycle: 'Lifecycle',
        classification: 'Classification',
        compliance: 'Compliance',
        slos: 'SLOs',
        thisDomain: 'this domain',
      },
    },
    overviewCard: {
      title: 'Data product',
      notDataProduct: {
        title: 'Not a data product',
        description:
          'This card shows DataProduct entities (apiVersion meshwork.dev/v1alpha1).',
      },
      fields: {
        type: 'Type',
        lifecycle: 'Lifecycle',
        version: 'Version',
        domain: 'Domain',
        owner: 'Owner',
        classification: 'Classification',
        retention: 'Retention',
        technicalOwner: 'Technical owner',
        businessOwner: 'Business owner',
        steward: 'Steward',
        onCall: 'On call',
        channel: 'Channel',
        email: 'Email',
      },
      containsPii: 'contains PII',
      retentionDays_one: '{{count}} day',
      retentionDays_other: '{{count}} days',
      outputPorts: {
        title: 'Output ports',
        pagesLabel: 'output ports pages',
        none: 'No output ports declared: consumers cannot read this product yet.',
        name: 'Name',
        type: 'Type',
        format: 'Format',
        location: 'Location',
        api: 'API',
        contract: 'Contract',
      },
      inputPorts: {
        title: 'Input ports',
        pagesLabel: 'input ports pages',
        none: 'No input ports declared.',
        reads: 'Reads',
        kind: 'Kind',
        port: 'Port',
        description: 'Description',
        dataProduct: 'data product',
        source: 'source',
      },
      contracts: {
        title: 'Contract',
        label: 'Contracts',
        none: 'No data contract declared on the output ports.',
      },
      documentation: {
        title: 'Documentation',
        label: 'Documentation links',
        none: 'No documentation links (metadata.links).',
      },
    },
    sloCard: {
      title: 'Service level objectives',
      pagesLabel: 'SLO pages',
      columns: {
        indicator: 'Indicator',
        objective: 'Objective',
        current: 'Current',
        status: 'Status',
        errorBudget: 'Error budget left',
        burnRate: 'Burn rate',
        trend: 'Last 30 days',
      },
      trendTitle: '{{indicator}}, last {{days}} days',
      notEnoughData: 'not enough data',
      objectiveWindow: 'over {{window}}',
      asOf: 'as of {{time}}',
      status: {
        cannotEvaluate: 'cannot evaluate',
        met: 'met',
        missed: 'missed',
        noData: 'no data',
      },
      errorBudget: {
        overspent: 'overspent',
        overspentBy: 'by {{amount}}',
      },
      burnRate: {
        tooFast: 'Burning the error budget faster than the window allows',
        withinBudget: 'Within budget',
      },
      noSlos: {
        title: 'No SLOs declared',
        description:
          'Declare what consumers can count on in {{field}}, for example {{freshness}} or {{availability}}; their status appears here once pipelines report runs.',
      },
      noMeasurements: 'No measurements yet',
      howTo: {
        intro:
          'SLO status comes from what your pipelines report. Send OpenLineage run events (START, COMPLETE, FAIL) with a standard OpenLineage client and this transport configuration:',
        configComment:
          '# openlineage.yml, read by the OpenLineage client of your pipeline',
        job: 'Runs of job {{job}} in namespace {{namespace}} count for this product, as do runs that write its output port locations.',
        annotations:
          'Tie runs to this product with the annotations {{namespaceAnnotation}} and {{jobAnnotation}}, or write to its output port locations.',
        observations:
          'Measured values (completeness, accuracy) can also be sent to {{url}}.',
      },
    },
    lineageCard: {
      title: 'Lineage',
      depth: 'Depth',
      hops_one: '{{count}} hop',
      hops_other: '{{count}} hops',
      direction: 'Direction',
      directions: {
        both: 'Both ways',
        upstream: 'Upstream',
        downstream: 'Downstream',
      },
      showClosest: 'Show the closest {{limit}}',
      showAll: 'Show all {{total}} nodes',
      empty: {
        title: 'No lineage yet',
        description:
          'Declare what the product reads in spec.inputPorts, or send OpenLineage run events from its pipelines: both show up here.',
      },
      partial: {
        title: 'Partial lineage',
        nodes:
          'The graph reached the server’s node limit; some lineage is not shown. Lower the depth or expand nodes to explore further.',
        depth:
          'Lineage continues beyond {{depth}} hops; increase the depth or expand the nodes at the edge.',
      },
      showing:
        'Showing {{shown}} of {{total}} nodes. Click a product or source to open it.',
      showingSome:
        'Showing {{shown}} of {{total}} nodes; expand a node (+) to see its neighbours. Click a product or source to open it.',
      legend: 'Edge legend',
      edges: {
        both: 'declared and observed',
        declared: 'declared only',
        observed: 'observed only',
        static: 'static (job definition only)',
        drift: 'drift',
      },
      views: {
        label: 'Lineage view',
        graph: 'Graph',
        columns: 'Columns',
      },
      columns: {
        port: 'Output port {{port}}: {{dataset}}',
        observedAt: 'as last reported {{time}}',
        none: 'No column lineage reported for this port yet: it comes from the columnLineage facet of the runs that write it.',
        empty: 'No output ports to show column lineage for.',
        filter: 'Filter columns',
        noMatch: 'No column matches “{{filter}}”.',
        column: 'Column',
        inputs: 'Input columns',
        transformation: 'Transformation',
        noInputs: 'no input column reported',
        masked: 'masked',
        showAll: 'Show all {{total}} columns',
        showing: 'Showing {{shown}} of {{total}} columns.',
      },
      drift: {
        title: 'Drift (last {{window}})',
        undeclared: 'Read by runs but not declared as inputs: {{nodes}}',
        unseen: 'Declared as inputs but not read by any run: {{nodes}}',
      },
      graph: {
        label: 'Lineage graph',
        node: '{{label}} ({{kind}})',
        expandHidden: 'Expand {{label}} ({{hidden}} more)',
        expandMore: 'Expand {{label}} (load more lineage)',
        edge: '{{from}} → {{to}}: {{style}}',
      },
      kinds: {
        product: 'data product',
        source: 'source',
        dataset: 'dataset',
        job: 'job',
      },
    },
    complianceContent: {
      empty: {
        title: 'No compliance result',
        description: 'This product has not been evaluated yet.',
      },
      summary: {
        title: 'Compliance score',
        gaugeLabel: 'score {{score}} of 100',
        passed: '{{passed}} passed',
        failed: '{{failed}} failed',
        waived: '{{waived}} waived',
        errors: '{{errors}} errors',
        evaluated: 'Evaluated {{time}}',
      },
      history: {
        title: 'History',
        none: 'No history yet: results are recorded on every compliance sweep.',
        trendTitle: 'Score over the last {{evaluations}} evaluations',
        one: 'One evaluation so far.',
        changes: 'Compliance changes',
        change: '{{time}}: score {{score}}, ',
        pagesLabel: 'history pages',
      },
      policies: {
        title: 'Policies',
        subtitle: 'One row per policy that applies to this product',
        none: 'No policy applies to this product.',
        severity: 'Severity',
        policy: 'Policy',
        status: 'Status',
        message: 'Message',
        remediation: 'Remediation',
        source: 'Source',
        waiver: 'Waiver',
      },
      source: {
        builtin: 'built-in',
        global: 'platform (app-config)',
        domain: 'domain {{domain}}',
        tightenedBy: '{{source}}, tightened by {{tightenedBy}}',
      },
      waiver: {
        approvedBy: 'approved by {{approver}}',
        expired: 'expired {{date}}',
        expires: 'expires {{date}}',
      },
    },
    domainProductsCard: {
      title: 'Data products',
      titleWithCount: '{{title}} ({{products}})',
      subtitle:
        'Products of this domain and its subdomains, with their compliance and SLOs',
      empty: {
        title: 'No data products in this domain yet',
        description:
          'Products name their domain in spec.domain; create one with the data product template.',
      },
    },
    domainComplianceCard: {
      title: 'Domain compliance',
      gaugeLabel: '{{share}}% compliant',
      summary:
        '{{compliant}} of {{products}} products compliant ({{share}}%), average score {{score}}',
      empty: {
        title: 'No evaluated products yet',
        description:
          "Compliance appears once the domain's products have been evaluated by a compliance sweep.",
      },
    },
    meshPage: {
      title: 'Data mesh',
      subtitle: 'Domains, data products and how they comply across the mesh',
      empty: {
        title: 'No data mesh yet',
        description:
          'Register Domain and DataProduct entities (apiVersion meshwork.dev/v1alpha1) in the catalog, or create a product with the data product template.',
      },
      coverage: {
        visible:
          'Over the data products you may see in the catalog, not the whole mesh',
      },
      adoption: {
        title: 'Adoption',
        label: 'Adoption figures',
        products: 'data products',
        productsNote: 'in {{withProducts}} of {{domains}} domains',
        productsNoteWithout:
          'in {{withProducts}} of {{domains}} domains, {{without}} without a domain',
        perDomain: 'products per domain',
        perDomainNote: 'on average, among domains with products',
        compliant: 'compliant',
        compliantNote: '{{compliant}} of {{evaluated}} evaluated products',
        compliantNoteUnevaluated:
          '{{compliant}} of {{evaluated}} evaluated products ({{unevaluated}} not evaluated yet)',
        notEvaluated: 'no products evaluated yet',
        slos: 'meet their SLOs',
        sloNone: 'no product declares SLOs',
        sloNotComputed: '{{declaring}} products declare SLOs; not checked yet',
        sloNoData:
          'none of the {{declaring}} products with SLOs reports SLO data yet',
        sloNote:
          '{{met}} of {{measured}} products with measured SLOs ({{declaring}} declare SLOs)',
        sloCheckedAt: 'checked {{time}}',
      },
      compliance: {
        title: 'Compliance across the mesh',
        lastSweep: 'Last sweep finished {{time}}',
        lastSweepWithChange:
          'Last sweep finished {{time}}; changes evaluated {{changed}}',
        gaugeLabel: '{{share}}% of products compliant',
        averageScore: 'Average score {{score}}',
        empty: {
          title: 'No products evaluated yet',
          description:
            'The compliance sweep evaluates every data product on a schedule; results appear here after the first one.',
        },
      },
      domains: {
        title: 'Domains',
        subtitle: "Each domain's own products (subdomains listed separately)",
        domain: 'Domain',
        noDomain: 'No domain',
        partOf: 'Part of',
        products: 'Products',
        compliant: 'Compliant',
        compliantValue: '{{share}}% of {{evaluated}}',
        averageScore: 'Average score',
        failing: 'Failing',
        slos: 'Meet SLOs',
        slosValue: '{{share}}% of {{measured}}',
      },
      products: {
        title: 'Data products',
        count: '{{matching}} of {{total}} products',
        countWithoutTotal: '{{matching}} products',
        noMatch: 'No product matches the filters.',
        pagesLabel: 'Pages of data products',
        rowsPerPage: 'Rows per page',
      },
      filters: {
        label: 'Filters',
        search: 'Search',
        domain: 'Domain',
        type: 'Type',
        lifecycle: 'Lifecycle',
        classification: 'Classification',
        compliance: 'Compliance',
        sort: 'Sort by',
        order: 'Order',
        ascending: 'ascending',
        descending: 'descending',
        all: 'All',
        passing: 'passing',
        warning: 'warning',
        failing: 'failing',
        unevaluated: 'not evaluated yet',
      },
      sort: {
        title: 'Title',
        domain: 'Domain',
        type: 'Type',
        lifecycle: 'Lifecycle',
        classification: 'Classification',
        score: 'Compliance score',
      },
    },
  },
});
