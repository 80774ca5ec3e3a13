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

import type { PolicyWaiver } from '@meshwork/plugin-data-mesh-common';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A waiver as read from a product, with its expiry resolved. */
export interface ParsedWaiver extends PolicyWaiver {
  expired: boolean;
  expiresAt: Date;
}

/**
 * The instant a waiver stops applying. A date without a time (`2026-03-31`) is valid through
 * the whole of that day (UTC); a date-time is used as given.
 */
export function waiverExpiryInstant(expires: string): Date | undefined {
  if (DATE_ONLY.test(expires)) {
    const d = new Date(`${expires}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) return undefined;
    return new Date(d.getTime() + 24 * 60 * 60 * 1000);
  }
  const d = new Date(expires);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Reads `spec.waivers` of a product. Invalid waivers are left out with a note naming the
 * field; when a policy has several waivers the one that lasts longest is used.
 */
export function parseWaivers(
  raw: unknown,
  now: Date,
): { waivers: Map<string, ParsedWaiver>; notes: string[] } {
  const waivers = new Map<string, ParsedWaiver>();
  const notes: string[] = [];
  if (raw === undefined || raw === null) return { waivers, notes };
  if (!Array.isArray(raw)) {
    notes.push('spec.waivers is not a list; no waiver applies.');
    return { waivers, notes };
  }
  raw.forEach((w, i) => {
    const where = `spec.waivers[${i}]`;
    if (typeof w !== 'object' || w === null || Array.isArray(w)) {
      notes.push(`${where} is not an object; ignored.`);
      return;
    }
    const o = w as Record<string, unknown>;
    const policy = str(o.policy);
    const reason = str(o.reason);
    const approver = str(o.approver);
    // YAML turns an unquoted date into a string in the catalog's JSON, but be lenient.
    const expires =
      o.expires instanceof Date ? o.expires.toISOString() : str(o.expires);
    const missing = [
      !policy && 'policy',
      !reason && 'reason',
      !approver && 'approver',
      !expires && 'expires',
    ].filter(Boolean);
    if (missing.length > 0) {
      notes.push(
        `${where} is missing ${missing.join(
          ', ',
        )}; ignored (a waiver needs policy, reason, approver and expires).`,
      );
      return;
    }
    const expiresAt = waiverExpiryInstant(expires!);
    if (!expiresAt) {
      notes.push(
        `${where}.expires '${expires}' is not a date (use YYYY-MM-DD or an ISO 8601 date-time); ignored.`,
      );
      return;
    }
    const parsed: ParsedWaiver = {
      policy: policy!,
      reason: reason!,
      approver: approver!,
      expires: expires!,
      expiresAt,
      expired: now.getTime() >= expiresAt.getTime(),
    };
    const existing = waivers.get(parsed.policy);
    if (!existing || existing.expiresAt < parsed.expiresAt) {
      waivers.set(parsed.policy, parsed);
    }
  });
  return { waivers, notes };
}
