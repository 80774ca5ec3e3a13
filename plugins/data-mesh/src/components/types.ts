import type { LineageDirection } from '../api/DataMeshApi';

/**
 * Props of the plugin's entity cards.
 *
 * @public
 */
export interface DataMeshCardProps {
  /** The card's title; its own when absent. */
  title?: string;
}

/**
 * Props of the lineage card.
 *
 * @public
 */
export interface EntityDataProductLineageCardProps extends DataMeshCardProps {
  /** Hops walked at first, 1-5; 1 (the direct neighbours) when absent. */
  initialDepth?: number;
  /** Which way to walk at first; both ways when absent. */
  initialDirection?: LineageDirection;
}
