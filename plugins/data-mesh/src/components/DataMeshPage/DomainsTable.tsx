import { Table, TableColumn } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { MeshDomainFigures } from '@meshwork/plugin-data-mesh-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { formatCount } from '../../lib/format';
import { dataMeshTranslationRef } from '../../translation';
import { pagedTableOptions, RefLink } from '../shared';

const DOMAINS_PAGE_SIZE = 10;

interface DomainRow {
  id: string;
  domainRef: string | null;
  title: string;
  parent?: string;
  products: number;
  evaluated: number;
  compliantShare?: number;
  averageScore?: number;
  failing: number;
  measured: number;
  sloShare?: number;
}

/**
 * Every domain with its own products, their compliance and SLO attainment, as
 * the server counts them over the whole mesh; a row for products without a
 * domain when there are some.
 */
export function DomainsTable(props: { domains: MeshDomainFigures[] }) {
  const { domains } = props;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const rows = useMemo(
    () =>
      domains.map(
        (d): DomainRow => ({
          id: d.domainRef ?? '',
          domainRef: d.domainRef,
          title:
            d.title ??
            (d.domainRef
              ? d.domainRef.replace(/^domain:(default\/)?/, '')
              : t('meshPage.domains.noDomain')),
          parent: d.parentRef,
          products: d.products,
          evaluated: d.compliance.products,
          compliantShare: d.compliance.products
            ? d.compliance.compliantShare
            : undefined,
          averageScore: d.compliance.products
            ? d.compliance.averageScore
            : undefined,
          failing: d.compliance.failing,
          measured: d.slos.measured,
          sloShare: d.slos.meetingShare ?? undefined,
        }),
      ),
    [domains, t],
  );
  const columns: TableColumn<DomainRow>[] = [
    {
      title: t('meshPage.domains.domain'),
      field: 'title',
      highlight: true,
      render: row =>
        row.domainRef ? (
          <RefLink
            entityRef={row.domainRef}
            defaultKind="Domain"
            title={row.title}
          />
        ) : (
          <Typography variant="body2" color="textSecondary" component="span">
            {row.title}
          </Typography>
        ),
    },
    {
      title: t('meshPage.domains.partOf'),
      field: 'parent',
      render: row =>
        row.parent ? (
          <RefLink entityRef={row.parent} defaultKind="Domain" />
        ) : (
          ''
        ),
    },
    {
      title: t('meshPage.domains.products'),
      field: 'products',
      type: 'numeric',
      render: row => formatCount(row.products),
    },
    {
      title: t('meshPage.domains.compliant'),
      field: 'compliantShare',
      type: 'numeric',
      render: row =>
        row.evaluated
          ? t('meshPage.domains.compliantValue', {
              share: String(row.compliantShare),
              evaluated: formatCount(row.evaluated),
            })
          : '–',
    },
    {
      title: t('meshPage.domains.averageScore'),
      field: 'averageScore',
      type: 'numeric',
      render: row => (row.evaluated ? row.averageScore : '–'),
    },
    {
      title: t('meshPage.domains.failing'),
      field: 'failing',
      type: 'numeric',
      render: row => formatCount(row.failing),
    },
    {
      title: t('meshPage.domains.slos'),
      field: 'sloShare',
      type: 'numeric',
      render: row =>
        row.measured
          ? t('meshPage.domains.slosValue', {
              share: String(row.sloShare),
              measured: formatCount(row.measured),
            })
          : '–',
    },
  ];
  return (
    <Table<DomainRow>
      title={t('meshPage.domains.title')}
      subtitle={t('meshPage.domains.subtitle')}
      columns={columns}
      data={rows}
      options={pagedTableOptions(rows.length, DOMAINS_PAGE_SIZE)}
    />
  );
}
