// discover: the fixed streams plus one stream per object and per list, limited to what the token can read.

import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { catalogMessage } from '../protocol/messages.js';
import type { AirbyteMessage } from '../protocol/types.js';
import type { Runtime } from '../runtime.js';
import { buildRegistry, EndpointAbsent } from '../streams/registry.js';
import { parseScopes } from '../streams/scopes.js';
import { type Stream, toAirbyteStream } from '../streams/stream.js';

export async function discover(config: Config, runtime: Runtime, logger: Logger): Promise<AirbyteMessage> {
  const self = await runtime.client.self();
  if (!self.active) throw new ConfigError('Attio says this API key is not active (revoked or expired). Create a new access token.');
  const registry = await buildRegistry({ client: runtime.client, config, logger, scopes: parseScopes(self.scope) });
  for (const remark of registry.remarks) logger[remark.level](remark.message);
  for (const missing of registry.unavailable) {
    logger.info(`Stream ${missing.name} left out of the catalog: the API key lacks scope ${missing.missing.join(', ')}.`);
  }
  // Attribute definitions of every object and list are fetched in parallel, under the shared rate limit.
  const built = await Promise.all(
    registry.available.map(async (entry): Promise<Stream | undefined> => {
      try {
        return await entry.build();
      } catch (error) {
        if (!(error instanceof EndpointAbsent)) throw error;
        logger.info(
          `Stream ${entry.name} left out of the catalog: Attio answered ${error.status} on ${error.route} (a beta endpoint this workspace or API key is not offered).`,
        );
        return undefined;
      }
    }),
  );
  return catalogMessage(built.filter((stream): stream is Stream => stream !== undefined).map(toAirbyteStream));
}
