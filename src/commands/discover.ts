// discover: the fixed streams plus one stream per object and per list, limited to what the token can read.

import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { say } from '../messages.js';
import { catalogMessage } from '../protocol/messages.js';
import type { AirbyteMessage } from '../protocol/types.js';
import type { Runtime } from '../runtime.js';
import { buildRegistry, EndpointAbsent } from '../streams/registry.js';
import { parseScopes } from '../streams/scopes.js';
import { type Stream, toAirbyteStream } from '../streams/stream.js';

export async function discover(config: Config, runtime: Runtime, logger: Logger): Promise<AirbyteMessage> {
  const self = await runtime.client.self();
  if (!self.active) throw new ConfigError(say('keyInactive'));
  const registry = await buildRegistry({ client: runtime.client, config, logger, scopes: parseScopes(self.scope) });
  for (const remark of registry.remarks) logger[remark.level](remark.message);
  for (const missing of registry.unavailable) {
    logger.info(say('leftOutForScope', { stream: missing.name, scopes: missing.missing.join(', ') }));
  }
  // Attribute definitions of every object and list are fetched in parallel, under the shared rate limit.
  const built = await Promise.all(
    registry.available.map(async (entry): Promise<Stream | undefined> => {
      try {
        return await entry.build();
      } catch (error) {
        if (!(error instanceof EndpointAbsent)) throw error;
        logger.info(say('leftOutBeta', { stream: entry.name, status: error.status, route: error.route }));
        return undefined;
      }
    }),
  );
  return catalogMessage(built.filter((stream): stream is Stream => stream !== undefined).map(toAirbyteStream));
}
