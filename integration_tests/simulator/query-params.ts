// Query-string parameters of the GET endpoints, validated the way Attio does (400 on bad values).
import { apiErrors } from './api-error.js';

export interface LimitRule {
  defaultLimit?: number;
  min?: number;
  max?: number;
}

export function queryInteger(
  query: URLSearchParams,
  name: string,
  rule: { fallback?: number; min?: number; max?: number },
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return rule.fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw apiErrors.validation(`Query parameter "${name}" must be an integer.`);
  }
  if (rule.min !== undefined && value < rule.min) {
    throw apiErrors.validation(`Query parameter "${name}" must be greater than or equal to ${rule.min}.`);
  }
  if (rule.max !== undefined && value > rule.max) {
    throw apiErrors.validation(`Query parameter "${name}" must be less than or equal to ${rule.max}.`);
  }
  return value;
}

export function queryBoolean(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw apiErrors.validation(`Query parameter "${name}" must be "true" or "false".`);
}

/** limit/offset paging of a GET collection; without a default limit everything is returned. */
export function offsetPage<T>(items: T[], query: URLSearchParams, rule: LimitRule): T[] {
  const limit = queryInteger(query, 'limit', { fallback: rule.defaultLimit, min: rule.min ?? 1, max: rule.max });
  const offset = queryInteger(query, 'offset', { fallback: 0, min: 0 }) ?? 0;
  return items.slice(offset, limit === undefined ? undefined : offset + limit);
}
