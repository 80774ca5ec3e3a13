import { Table, TableColumn } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useMemo } from 'react';
import { dataMeshTranslationRef } from '../../translation';
import { pagedTableOptions, RefLink } from '../shared';
import type { MeshCatalog, MeshCompliance } from './useMeshData';

const DOMAINS_PAGE_SIZE = 10;

interface DomainRow {
  id: string;
  title: string;
  parent?: string;
  products: number;
  evaluated: number;
  compliantShare?: number;
  averageScore?: number;
  failing: number;
}

/** Every domain with its own products and their compliance. */
export function DomainsTable(props: {
  catalog: MeshCatalog;
  compliance?: MeshCompliance;
}) {
  const { catalog, compliance } = props;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  const rows = useMemo(() => {
    const counts = new Map<string, number>();
    for (const p of catalog.products) {
      if (p.domainRef)
        counts.set(p.domainRef, (counts.get(p.domainRef) ?? 0) + 1);
    }
    return catalog.domains.map((d): DomainRow => {
      const id = `domain:${d.metadata.namespace ?? 'default'}/${
        d.metadata.name
      }`.toLocaleLowerCase('en-US');
      const roll = compliance?.byDomain.get(id);
      return {
        id,
        title: d.metadata.title ?? d.metadata.name,
        parent: d.spec?.subdomainOf as string | undefined,
        products: counts.get(id) ?? 0,
        evaluated: roll?.products ?? 0,
        compliantShare: roll?.compliantShare,
        averageScore: roll?.averageScore,
        failing: roll?.failing ?? 0,
      };
    });
  }, [catalog, compliance]);
  const columns: TableColumn<DomainRow>[] = [
    {
      title: t('meshPage.domains.domain'),
      field: 'title',
      highlight: true,
      render: row => (
        <RefLink entityRef={row.id} defaultKind="Domain" title={row.title} />
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
    },
    {
      title: t('meshPage.domains.compliant'),
      field: 'compliantShare',
      type: 'numeric',
      render: row =>
        row.evaluated
          ? t('meshPage.domains.compliantValue', {
              share: String(row.compliantShare),
              evaluated: String(row.evaluated),
            })
          : '–',
    },
    {
      title: t('meshPage.domains.averageScore'),
      field: 'averageScore',
      type: 'numeric',
      render: row => (row.evaluated ? row.averageScore : '–'),
    },
    { title: t('meshPage.domains.failing'), field: 'failing', type: 'numeric' },
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
