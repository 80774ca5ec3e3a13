export { DataMeshOverview, DataMeshPage } from './DataMeshPage';
