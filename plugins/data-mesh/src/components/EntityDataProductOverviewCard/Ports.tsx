import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  DataProductInputPort,
  DataProductOutputPort,
} from '@meshwork/plugin-data-mesh-common';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { dataMeshTranslationRef } from '../../translation';
import { BoundedTable, RefLink, SafeLink } from '../shared';

const useStyles = makeStyles(
  { nowrap: { whiteSpace: 'nowrap' } },
  { name: 'MeshworkDataMeshPorts' },
);

const PORTS_PER_PAGE = 5;

/** A product's output ports: what consumers read, where, and under which contract. */
export function OutputPorts(props: {
  ports: DataProductOutputPort[];
  namespace: string;
  /** Resolves a contract path against where the entity comes from. */
  resolveUrl(value: string): string | undefined;
}) {
  const { ports, namespace, resolveUrl } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(dataMeshTranslationRef);
  return (
    <BoundedTable
      label={t('overviewCard.outputPorts.title')}
      pagesLabel={t('overviewCard.outputPorts.pagesLabel')}
      items={ports}
      pageSize={PORTS_PER_PAGE}
      rowKey={port => port.name}
      columns={[
        {
          title: t('overviewCard.outputPorts.name'),
          render: port => (
            <>
              <Typography variant="body2">{port.name}</Typography>
              {port.description && (
                <Typography variant="caption" color="textSecondary">
                  {port.description}
                </Typography>
              )}
            </>
          ),
        },
        {
          title: t('overviewCard.outputPorts.type'),
          className: classes.nowrap,
          render: port => port.type,
        },
        {
          title: t('overviewCard.outputPorts.format'),
          className: classes.nowrap,
          render: port => port.format ?? '–',
        },
        {
          title: t('overviewCard.outputPorts.location'),
          render: port =>
            port.location ? <SafeLink value={port.location} /> : '–',
        },
        {
          title: t('overviewCard.outputPorts.api'),
          render: port =>
            port.api ? (
              <RefLink
                entityRef={port.api}
                defaultKind="API"
                defaultNamespace={namespace}
              />
            ) : (
              '–'
            ),
        },
        {
          title: t('overviewCard.outputPorts.contract'),
          render: port =>
            port.contract ? (
              <SafeLink
                value={port.contract}
                href={resolveUrl(port.contract)}
              />
            ) : (
              '–'
            ),
        },
      ]}
    />
  );
}

/** A product's input ports: the products and sources it reads. */
export function InputPorts(props: {
  ports: DataProductInputPort[];
  namespace: string;
}) {
  const { ports, namespace } = props;
  const { t } = useTranslationRef(dataMeshTranslationRef);
  return (
    <BoundedTable
      label={t('overviewCard.inputPorts.title')}
      pagesLabel={t('overviewCard.inputPorts.pagesLabel')}
      items={ports}
      pageSize={PORTS_PER_PAGE}
      rowKey={(port, i) => `${port.dataProduct ?? port.source}-${i}`}
      columns={[
        {
          title: t('overviewCard.inputPorts.reads'),
          render: port => (
            <RefLink
              entityRef={port.dataProduct ?? port.source}
              defaultKind={port.dataProduct ? 'DataProduct' : 'Component'}
              defaultNamespace={namespace}
            />
          ),
        },
        {
          title: t('overviewCard.inputPorts.kind'),
          render: port =>
            port.dataProduct
              ? t('overviewCard.inputPorts.dataProduct')
              : t('overviewCard.inputPorts.source'),
        },
        {
          title: t('overviewCard.inputPorts.port'),
          render: port => port.port ?? '–',
        },
        {
          title: t('overviewCard.inputPorts.description'),
          render: port => port.description ?? '',
        },
      ]}
    />
  );
}
