// Starts a simulator and gives the connector config pointing at it.

import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator/index.js';

export interface Simulated {
  sim: Simulator;
  config: Record<string, unknown>;
}

export async function simulated(options: SimulatorOptions = {}, config: Record<string, unknown> = {}): Promise<Simulated> {
  const sim = await startSimulator(options);
  return { sim, config: { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, ...config } };
}
