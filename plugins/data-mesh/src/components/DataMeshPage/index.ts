export { DataMeshOverview } from './DataMeshOverview';
export { DataMeshPage } from './DataMeshPage';
