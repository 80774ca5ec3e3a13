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

import { parseDateTime } from './time';

describe('parseDateTime', () => {
  it('reads RFC 3339 with offsets and microseconds, and no offset as UTC', () => {
    expect(parseDateTime('2025-06-01T06:00:00Z')).toBe(Date.UTC(2025, 5, 1, 6));
    expect(parseDateTime('2025-06-01T08:00:00.123456+02:00')).toBe(
      Date.UTC(2025, 5, 1, 6, 0, 0, 123),
    );
    expect(parseDateTime('2025-06-01T06:00:00')).toBe(Date.UTC(2025, 5, 1, 6));
    expect(parseDateTime('2025-13-01T06:00:00Z')).toBeUndefined();
    expect(parseDateTime('June 1st')).toBeUndefined();
  });

  it('checks the calendar: a day that does not exist is refused', () => {
    expect(parseDateTime('2025-02-31T00:00:00Z')).toBeUndefined();
    expect(parseDateTime('2025-02-29T00:00:00Z')).toBeUndefined();
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDateTime('2025-06-01T24:00:00Z')).toBeUndefined();
    expect(parseDateTime('2025-06-01T12:60:00Z')).toBeUndefined();
    expect(parseDateTime('2025-06-01T12:00:00+25:00')).toBeUndefined();
  });

  it('reads lowercase separators and a space, as RFC 3339 allows', () => {
    expect(parseDateTime('2025-06-01t06:00:00z')).toBe(Date.UTC(2025, 5, 1, 6));
    expect(parseDateTime('2025-06-01 06:00:00Z')).toBe(Date.UTC(2025, 5, 1, 6));
    expect(parseDateTime('2025-06-01T06:00:00-0130')).toBe(
      Date.UTC(2025, 5, 1, 7, 30),
    );
  });
});
