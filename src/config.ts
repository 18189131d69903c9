// The connector's configuration: one zod schema both parses the config file and produces the spec's
// connectionSpecification, so the two cannot drift apart.

import { z } from 'zod';
import { ENDPOINTS } from './attio/endpoints.js';
import { ConfigError } from './errors.js';
import { say } from './messages.js';
import { MIN_SECRET_LENGTH } from './redact.js';
import { isStartDateForm, normalizeTimestamp, START_DATE_PATTERN } from './timestamps.js';

/** The record and entry query pages' largest size (the same 500 for both, in endpoints.ts). */
const QUERY_PAGE_MAX = ENDPOINTS.recordsQuery.maxPageSize;

export const DEFAULT_BASE_URL = 'https://api.attio.com';

export const ConfigSchema = z
  .object({
    // Trimmed: a key pasted with a newline would otherwise make every request fail before it is sent.
    api_key: z
      .string()
      .trim()
      .min(1, { error: say('apiKeyEmpty'), abort: true })
      // Too short to be a real key, and too short to mask safely in output (see redact.ts). A length check, so the
      // published spec says minLength 16 too and Airbyte's UI refuses such a key before the connector sees it.
      .min(MIN_SECRET_LENGTH, say('apiKeyTooShort', { min: MIN_SECRET_LENGTH }))
      // A refine, not a regex: the check stays out of the published spec, which shows the field as plain text.
      .refine((key) => /^[\x21-\x7e]+$/.test(key), say('apiKeyNotAlone'))
      .meta({
        title: 'API key',
        description:
          'An Attio API key or OAuth access token (Workspace settings → Developers → Access tokens), at least 16 characters. Give it the read scopes of the streams you want; discover offers only the streams the key can read.',
        airbyte_secret: true,
        order: 0,
      }),
    start_date: z
      .string()
      .refine(isStartDateForm, say('startDateFormat'))
      .refine((v) => normalizeTimestamp(v) !== undefined, say('startDateInvalid'))
      .optional()
      .meta({
        title: 'Start date',
        description:
          'Only records, entries and other items created at or after this moment are synced when a stream has no state yet. Leave empty (or send "") to sync everything.',
        examples: ['2024-01-01T00:00:00Z'],
        pattern: START_DATE_PATTERN,
        order: 1,
      }),
    include_raw_values: z.boolean().default(false).meta({
      title: 'Include raw values',
      description:
        "Add Attio's untouched `values` (records) or `entry_values` (list entries) object to every row, for consumers who want it lossless.",
      order: 2,
    }),
    include_archived_attributes: z.boolean().default(false).meta({
      title: 'Include archived attributes',
      description: 'Also make columns for attributes that have been archived in Attio.',
      order: 3,
    }),
    requests_per_second: z.number().int().min(1).max(100).default(50).meta({
      title: 'Requests per second',
      description:
        "Ceiling on the connector's request rate, shared by every stream. Attio allows 100 reads per second per workspace, shared with every other app using the API.",
      order: 4,
    }),
    max_concurrent_requests: z.number().int().min(1).max(64).default(12).meta({
      title: 'Concurrent requests',
      description: 'How many requests may be in flight at once (pages fetched ahead and streams read in parallel).',
      order: 5,
    }),
    // At most Attio's documented default: a page shorter than asked is how paging knows it reached the end,
    // so the connector must never ask for more than Attio is known to return. At least 2: pages overlap by one.
    page_size: z.number().int().min(2, say('pageSizeTooSmall')).max(QUERY_PAGE_MAX).default(QUERY_PAGE_MAX).meta({
      title: 'Page size',
      description:
        "Records or entries asked for per query page: 2 to 500 (Attio's documented default). Consecutive pages overlap by one record, to see records deleted during a read, so 1 is refused.",
      order: 6,
    }),
    history_attributes: z
      .array(z.string().regex(/^[^.\s]+\.\S+$/, say('historyAttributeFormat')))
      .optional()
      .meta({
        title: 'Attribute histories',
        description:
          'Attributes whose value history to offer as streams, besides every status attribute (offered anyway), each as "<object or list slug>.<attribute slug>". Attio keeps no history of interaction and enriched attributes.',
        examples: [['deals.value', 'sales_pipeline.owner']],
        order: 8,
      }),
    allow_mass_deletions: z.boolean().default(false).meta({
      title: 'Allow mass deletions',
      description:
        'Incremental syncs send a deletion for each row gone from Attio, but hold them back, with a warning, when more than half of a stream is gone at once. Set this to send them anyway.',
      order: 9,
    }),
    base_url: z
      .url({ protocol: /^https?$/, error: say('baseUrlNotHttp') })
      // Request paths are appended to it: a query or fragment would end up in the middle of every URL.
      .refine((url) => !/[?#]/.test(url), say('baseUrlWithQuery'))
      .default(DEFAULT_BASE_URL)
      .meta({
        title: 'API base URL',
        description: 'Change only to route through a proxy or to test against a simulator.',
        order: 7,
      }),
  })
  .loose();

export type Config = z.output<typeof ConfigSchema>;

/** Parse a config object; every problem is a config_error naming the field and what to change. */
export function parseConfig(raw: unknown): Config {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(say('configNotObject'));
  }
  // reportInput lets a wrong type be told apart from a missing field; the input itself is never printed.
  const result = ConfigSchema.safeParse(withoutEmptyOptionals(raw as Record<string, unknown>), { reportInput: true });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(config)';
      // Never echo the received value: for api_key it is the secret.
      return say('configFieldProblem', { field, problem: describeIssue(issue) });
    });
    throw new ConfigError(say('configInvalid', { problems: problems.join('; ') }));
  }
  return result.data;
}

/**
 * Optional text fields a UI sends as "" (or blanks) once the user empties them mean "not set", not "invalid":
 * Airbyte's form and some API clients keep an emptied field instead of dropping it.
 */
const OPTIONAL_TEXT_FIELDS = ['start_date'] as const;

function withoutEmptyOptionals(raw: Record<string, unknown>): Record<string, unknown> {
  const emptied = OPTIONAL_TEXT_FIELDS.filter((field) => typeof raw[field] === 'string' && (raw[field] as string).trim() === '');
  if (emptied.length === 0) return raw;
  const copy = { ...raw };
  for (const field of emptied) delete copy[field];
  return copy;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? say('fieldRequired') : say('fieldWrongType', { type: issue.expected });
  }
  return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
}

/** The start_date in Attio's fixed-width form, if set. */
export function startCursor(config: Config): string | undefined {
  return config.start_date === undefined ? undefined : normalizeTimestamp(config.start_date);
}
