/*
 * Copyright 2025 The Meshwork Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import {
  isDbtTestJob,
  readDbtTestOutcome,
  readProcessingType,
  readQualityFacets,
} from './quality';

const ds = (facets: Record<string, unknown>, group = 'inputFacets') => ({
  namespace: 'postgres://db:5432',
  name: 'shop.orders',
  [group]: facets,
});

describe('readQualityFacets', () => {
  it('reads completeness from row and null counts per column', () => {
    expect(
      readQualityFacets(
        ds({
          dataQualityMetrics: {
            rowCount: 100,
            columnMetrics: {
              id: { nullCount: 0, distinctCount: 100 },
              email: { nullCount: 20 },
              note: { distinctCount: 3 },
            },
          },
        }),
      ),
    ).toEqual([{ indicator: 'completeness', value: 1 - 20 / 200 }]);
  });

  it('counts only failing assertions of severity error (or none) against accuracy', () => {
    expect(
      readQualityFacets(
        ds({
          dataQualityAssertions: {
            assertions: [
              { assertion: 'not_null', success: true, column: 'id' },
              {
                assertion: 'unique',
                success: false,
                column: 'id',
                severity: 'error',
              },
              {
                assertion: 'accepted_values',
                success: false,
                column: 'status',
                severity: 'warn',
              },
              { assertion: 'row_count', success: false, severity: 'INFO' },
            ],
          },
        }),
      ),
    ).toEqual([{ indicator: 'accuracy', value: 0.5 }]);
  });

  it("reads Great Expectations' assertions facet as accuracy", () => {
    expect(
      readQualityFacets(
        ds({
          greatExpectations_assertions: {
            assertions: [
              {
                expectationType: 'expect_column_values_to_not_be_null',
                success: true,
                column: 'id',
              },
              {
                expectationType: 'expect_table_row_count_to_be_between',
                success: false,
              },
              {
                expectationType: 'expect_column_values_to_be_unique',
                success: true,
                column: 'email',
              },
              {
                expectationType: 'expect_column_to_exist',
                success: true,
                column: 'id',
              },
            ],
          },
        }),
      ),
    ).toEqual([{ indicator: 'accuracy', value: 0.75 }]);
  });

  it('gives one accuracy over both assertion facets', () => {
    expect(
      readQualityFacets(
        ds({
          dataQualityAssertions: {
            assertions: [{ assertion: 'not_null', success: true }],
          },
          greatExpectations_assertions: {
            assertions: [{ expectationType: 'x', success: false }],
          },
        }),
      ),
    ).toEqual([{ indicator: 'accuracy', value: 0.5 }]);
  });

  it('gives nothing when only warnings were judged', () => {
    expect(
      readQualityFacets(
        ds({
          dataQualityAssertions: {
            assertions: [{ assertion: 'x', success: false, severity: 'warn' }],
          },
        }),
      ),
    ).toEqual([]);
  });
});

describe('dbt test runs', () => {
  const testJob = {
    jobType: { processingType: 'BATCH', integration: 'DBT', jobType: 'TEST' },
  };

  it('recognises a dbt test job by its jobType facet', () => {
    expect(isDbtTestJob(testJob)).toBe(true);
    expect(
      isDbtTestJob({ jobType: { integration: 'DBT', jobType: 'MODEL' } }),
    ).toBe(false);
    expect(isDbtTestJob(undefined)).toBe(false);
  });

  it('turns COMPLETE and FAIL of a test into accuracy of the tested model', () => {
    const model = ds({});
    expect(readDbtTestOutcome('COMPLETE', testJob, model)).toEqual({
      indicator: 'accuracy',
      value: 1,
    });
    expect(readDbtTestOutcome('FAIL', testJob, model)).toEqual({
      indicator: 'accuracy',
      value: 0,
    });
    expect(readDbtTestOutcome('START', testJob, model)).toBeUndefined();
    expect(readDbtTestOutcome('FAIL', {}, model)).toBeUndefined();
  });

  it('leaves datasets that carry assertions to the assertion facet', () => {
    const withAssertions = ds({
      dataQualityAssertions: {
        assertions: [{ assertion: 'not_null', success: false }],
      },
    });
    expect(readDbtTestOutcome('FAIL', testJob, withAssertions)).toBeUndefined();
  });
});

describe('readProcessingType', () => {
  it('reads the jobType facet', () => {
    expect(
      readProcessingType({ jobType: { processingType: 'STREAMING' } }),
    ).toBe('STREAMING');
    expect(readProcessingType({ jobType: { processingType: 'batch' } })).toBe(
      'BATCH',
    );
    expect(readProcessingType({ jobType: { processingType: 'x' } })).toBe(
      undefined,
    );
    expect(readProcessingType(null)).toBe(undefined);
  });
});
