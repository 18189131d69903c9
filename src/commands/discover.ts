// discover: the fixed streams plus one stream per object and per list, limited to what the token can read.

import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { catalogMessage } from '../protocol/messages.js';
import type { AirbyteMessage } from '../protocol/types.js';
import type { Runtime } from '../runtime.js';
import { buildRegistry } from '../streams/registry.js';
import { parseScopes } from '../streams/scopes.js';
import { toAirbyteStream } from '../streams/stream.js';

export async function discover(config: Config, runtime: Runtime, logger: Logger): Promise<AirbyteMessage> {
  const self = await runtime.client.self();
  if (!self.active) throw new ConfigError('Attio says this API key is not active (revoked or expired). Create a new access token.');
  const registry = await buildRegistry({ client: runtime.client, config, logger, scopes: parseScopes(self.scope) });
  for (const missing of registry.unavailable) {
    logger.info(`Stream ${missing.name} left out of the catalog: the API key lacks scope ${missing.missing.join(', ')}.`);
  }
  // Attribute definitions of every object and list are fetched in parallel, under the shared rate limit.
  const streams = await Promise.all(registry.available.map((entry) => entry.build()));
  return catalogMessage(streams.map(toAirbyteStream));
}
