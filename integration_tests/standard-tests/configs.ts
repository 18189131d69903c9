// The config files acceptance-test-config.yml points at, for a run of Airbyte's standard tests against the Attio
// simulator (.ci/standard-tests/run.sh). They hold API keys, so they are written at run time under secrets/, which
// git ignores; none is committed.

import { ALL_READ_SCOPES } from '../simulator/index.js';

/**
 * Where acceptance-test-config.yml expects the configs, relative to the repository root: a directory of their own,
 * so a secrets/config.json of yours (with a real Attio key) is never overwritten.
 */
export const CONFIG_DIR = 'secrets/standard-tests';

/**
 * The read scopes the "token lacking scopes" config does not have. Without them discover leaves out notes, webhooks,
 * call_recordings and every list_entries_* stream, and check still SUCCEEDS, naming them (src/commands/check.ts).
 */
export const LIMITED_TOKEN_LACKS: readonly string[] = ['note:read', 'webhook:read', 'call_recording:read', 'list_entry:read'];

export function limitedTokenScopes(): string[] {
  return ALL_READ_SCOPES.filter((scope) => !LIMITED_TOKEN_LACKS.includes(scope));
}

/** A key the simulator does not accept: `check` must answer CONNECTION_STATUS FAILED. */
export const WRONG_KEY = 'sim_wrong_key_00000000000000000000';

export interface SimulatorAddress {
  url: string;
  apiKey: string;
}

/** File name (in CONFIG_DIR) → config. */
export function standardTestConfigs(sim: SimulatorAddress, limitedToken: string): Record<string, Record<string, unknown>> {
  return {
    // Pages of 100 rather than 500, so the reads page through the larger streams.
    'config.json': { api_key: sim.apiKey, base_url: sim.url, page_size: 100 },
    'invalid_config.json': { api_key: WRONG_KEY, base_url: sim.url },
    'limited_scopes_config.json': { api_key: limitedToken, base_url: sim.url },
  };
}
