// check: GET /v2/self, then the objects and lists. A key Attio rejects, or an inactive one, is CONNECTION_STATUS
// FAILED (exit 0) with a message the user can act on; so is any other failure of a request (a wrong base_url shows
// on the first one as a 404, an HTML page or a body that is not Attio's, and is named). The streams the key cannot
// read for lack of scope are named.

import { attioFailurePolicy } from '../attio/status-policy.js';
import { type Config, DEFAULT_BASE_URL } from '../config.js';
import { ConnectorError } from '../errors.js';
import type { Logger } from '../logger.js';
import { say } from '../messages.js';
import { connectionStatus } from '../protocol/messages.js';
import type { AirbyteMessage } from '../protocol/types.js';
import type { Runtime } from '../runtime.js';
import { buildRegistry, describeUnavailable } from '../streams/registry.js';
import { parseScopes } from '../streams/scopes.js';

/**
 * A person is waiting on check, usually right after pasting the key: a 401 then almost always means a wrong key, so it
 * is reported at once, and the retry budget is the policy's interactive one (INTERACTIVE_BUDGET). A sync, unattended,
 * retries a 401 a few times (Attio sends spurious ones under load).
 */
const CHECK_POLICY = attioFailurePolicy({ interactive: true });

export async function check(config: Config, runtime: Runtime, logger: Logger): Promise<AirbyteMessage> {
  try {
    let self: Awaited<ReturnType<Runtime['client']['self']>>;
    try {
      self = await runtime.client.self({ policy: CHECK_POLICY });
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.failureType !== 'system_error') throw error;
      return connectionStatus('FAILED', say('checkBaseUrl', { failure: error.userMessage, defaultUrl: DEFAULT_BASE_URL }));
    }
    if (!self.active) {
      return connectionStatus('FAILED', say('keyInactiveCheck'));
    }
    const registry = await buildRegistry({ client: runtime.client, config, logger, scopes: parseScopes(self.scope) });
    const workspace = { workspace: self.workspace_name, slug: self.workspace_slug };
    if (registry.unavailable.length === 0) return connectionStatus('SUCCEEDED', say('checkReadable', workspace));
    const message = say('checkUnavailable', { ...workspace, streams: describeUnavailable(registry.unavailable) });
    logger.warn(message);
    return connectionStatus('SUCCEEDED', message);
  } catch (error) {
    // Anything the HTTP layer and Attio can do wrong is a failed connection, with its message; only a bug in the
    // connector (not a ConnectorError) ends in a TRACE.
    if (error instanceof ConnectorError) return connectionStatus('FAILED', error.userMessage);
    throw error;
  }
}
