// The two parts of undici the transport uses, the Agent and request(), loaded by themselves. undici's index loads all
// of undici (fetch, WebSocket, cookies, caches, mocks, and through them Node's own copy of undici): about a third of
// the connector's start-up CPU, paid by every spec, check, discover and read. undici has no "exports" map, so its
// modules can be required one by one; the version is pinned, and the e2e tests exercise both parts at every run.

import { createRequire } from 'node:module';
import type { Dispatcher, Agent as UndiciAgent } from 'undici';

const require = createRequire(import.meta.url);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;

const requestOn = require('undici/lib/api/api-request.js') as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;
const { parseURL } = require('undici/lib/core/util.js') as { parseURL: (url: string) => URL };

/**
 * undici's request(url, options) for a string URL and options that name the dispatcher, as undici's index builds it:
 * the URL is parsed (throwing at once on a bad one) and split into the origin and path the dispatcher takes.
 */
export function request(
  url: string,
  options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher },
): Promise<Dispatcher.ResponseData> {
  const parsed = parseURL(url);
  return requestOn.call(options.dispatcher, {
    ...options,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
    method: options.method || (options.body ? 'PUT' : 'GET'),
  });
}
