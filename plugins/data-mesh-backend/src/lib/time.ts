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

import { DateTime } from 'luxon';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const iso = (ms: number) => new Date(ms).toISOString();

// RFC 3339 section 5.6: date, `T` (or a space, as section 5.6 allows), time (hours 00-23:
// ISO 8601's 24:00 is not RFC 3339) with optional fraction, offset. A missing offset is
// read as UTC, as OpenLineage clients mean it.
const RFC_3339 =
  /^\d{4}-\d{2}-\d{2}[Tt ]([01]\d|2[0-3]):\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

/**
 * Reads an RFC 3339 date-time to epoch milliseconds, or undefined when it is none. The
 * calendar is checked by luxon, so `2025-02-31T00:00:00Z` is refused rather than read as
 * 3 March. Fractions finer than a millisecond (Python sends microseconds) are truncated.
 */
export function parseDateTime(value: string): number | undefined {
  if (!RFC_3339.test(value)) return undefined;
  // luxon reads at most milliseconds; keep three digits of a longer fraction.
  const text = value
    .replace(' ', 'T')
    .replace(/(\.\d{3})\d+/, '$1')
    .toUpperCase();
  const parsed = DateTime.fromISO(text, { zone: 'utc', setZone: true });
  return parsed.isValid ? parsed.toMillis() : undefined;
}
