// Starts a simulator and gives the connector config pointing at it.

import { type Simulator, type SimulatorOptions, startSimulator, type Workspace } from '../simulator/index.js';

export interface Simulated {
  sim: Simulator;
  config: Record<string, unknown>;
}

export async function simulated(options: SimulatorOptions = {}, config: Record<string, unknown> = {}): Promise<Simulated> {
  const sim = await startSimulator(options);
  return { sim, config: { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, ...config } };
}

/** Config for a running simulator with 16 requests in flight, so that reads of every stream stay quick. */
export function configFor(sim: Simulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, max_concurrent_requests: 16, ...extra };
}

/** Adds `count` records sharing the created_at of the record in the middle of the object's timeline; returns it. */
export function addTieGroup(ws: Workspace, object: string, count: number): string {
  const existing = ws.records(object);
  const middle = existing[Math.floor(existing.length / 2)]?.created_at as string;
  for (let i = 0; i < count; i += 1) ws.insertRecord(object, { created_at: middle });
  return middle;
}
