import type { CompoundEntityRef } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  DataMeshApi,
  GetComplianceHistoryOptions,
  GetLineageOptions,
  ListComplianceOptions,
  ListMeshProductsOptions,
} from '../api/DataMeshApi';

type Answer<T> = T | Error | 'pending';
/** What a method of the real API resolves to. */
type Result<K extends keyof DataMeshApi> = Awaited<ReturnType<DataMeshApi[K]>>;

/** Never settles: the component stays in its loading state. */
const pending = () => new Promise<never>(() => {});

function answer<T>(value: Answer<T> | undefined, what: string): Promise<T> {
  if (value === 'pending') return pending();
  if (value instanceof Error) return Promise.reject(value);
  if (value === undefined) {
    return Promise.reject(new Error(`FakeDataMeshApi: no ${what} configured`));
  }
  return Promise.resolve(structuredClone(value));
}

/**
 * A {@link DataMeshApi} for component tests: answers with the fixtures it is
 * given (shaped like the backend's responses), an error, or never (`pending`),
 * and records what it was asked.
 */
export class FakeDataMeshApi implements DataMeshApi {
  readonly calls: Array<{ method: string; args: unknown[] }> = [];

  constructor(
    private readonly answers: {
      compliance?: Record<string, Answer<Result<'getProductCompliance'>>>;
      history?: Record<string, Answer<Result<'getComplianceHistory'>>>;
      list?: (
        options: ListComplianceOptions,
      ) => Answer<Result<'listCompliance'>>;
      mesh?: Answer<Result<'getMeshCompliance'>>;
      domains?: Answer<Result<'getDomainCompliance'>>;
      summary?: Answer<Result<'getMeshSummary'>>;
      products?: (
        options: ListMeshProductsOptions,
      ) => Answer<Result<'listMeshProducts'>>;
      slos?: Record<string, Answer<Result<'getSloStatus'>>>;
      lineage?: (
        ref: string,
        options: GetLineageOptions,
      ) => Answer<Result<'getLineage'>>;
      columns?: Record<string, Answer<Result<'getColumnLineage'>>>;
    } = {},
  ) {}

  getProductCompliance(product: CompoundEntityRef) {
    const ref = stringifyEntityRef(product);
    this.calls.push({ method: 'getProductCompliance', args: [ref] });
    return answer(this.answers.compliance?.[ref], `compliance of ${ref}`);
  }

  getComplianceHistory(
    product: CompoundEntityRef,
    options?: GetComplianceHistoryOptions,
  ) {
    const ref = stringifyEntityRef(product);
    this.calls.push({ method: 'getComplianceHistory', args: [ref, options] });
    return answer(this.answers.history?.[ref], `history of ${ref}`);
  }

  listCompliance(options: ListComplianceOptions = {}) {
    this.calls.push({ method: 'listCompliance', args: [options] });
    return answer(this.answers.list?.(options), 'compliance list');
  }

  getMeshCompliance() {
    this.calls.push({ method: 'getMeshCompliance', args: [] });
    return answer(this.answers.mesh, 'mesh compliance');
  }

  getDomainCompliance(options?: { includeSubdomains?: boolean }) {
    this.calls.push({ method: 'getDomainCompliance', args: [options] });
    return answer(this.answers.domains, 'domain compliance');
  }

  getMeshSummary() {
    this.calls.push({ method: 'getMeshSummary', args: [] });
    return answer(this.answers.summary, 'mesh summary');
  }

  listMeshProducts(options: ListMeshProductsOptions = {}) {
    this.calls.push({ method: 'listMeshProducts', args: [options] });
    return answer(this.answers.products?.(options), 'mesh products');
  }

  getSloStatus(product: CompoundEntityRef) {
    const ref = stringifyEntityRef(product);
    this.calls.push({ method: 'getSloStatus', args: [ref] });
    return answer(this.answers.slos?.[ref], `SLOs of ${ref}`);
  }

  getLineage(product: CompoundEntityRef, options: GetLineageOptions = {}) {
    const ref = stringifyEntityRef(product);
    this.calls.push({ method: 'getLineage', args: [ref, options] });
    return answer(this.answers.lineage?.(ref, options), `lineage of ${ref}`);
  }

  getColumnLineage(product: CompoundEntityRef) {
    const ref = stringifyEntityRef(product);
    this.calls.push({ method: 'getColumnLineage', args: [ref] });
    return answer(this.answers.columns?.[ref], `column lineage of ${ref}`);
  }
}
