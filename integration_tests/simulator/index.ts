// Public surface of the Attio API simulator.
export { startSimulator, DEFAULT_API_KEY } from './server.js';
export type { Simulator, SimulatorOptions, SimulatorStats } from './server.js';
export { createSeededWorkspace, DEFAULT_SEED } from './seed.js';
export type { SeedOptions } from './seed.js';
export { Workspace } from './workspace.js';
export type { NewEntry, NewRecord, RecordEntryRef, Target, ValuesInput } from './workspace.js';
export type { ValueInput } from './value-input.js';
export type { FaultOptions, ScriptedAnswer, RequestMatcher } from './faults.js';
export type { AnsweredRequest, Churn, ChurnChange, ChurnOptions, RequestHook } from './live.js';
export { steppingClock, wallClock } from './timestamps.js';
export type { TimeSource } from './timestamps.js';
export { ALL_READ_SCOPES } from './scopes.js';
export { values as attributeValues } from './attribute-values.js';
export { canonicalTimestamp } from './timestamps.js';
export { QUERY_MAX_LIMIT } from './routes-records.js';
export { ATTRIBUTES_MAX_LIMIT } from './routes-schema.js';
export { TRANSCRIPT_PAGE_SIZE } from './routes-activity.js';
export type * from './model.js';
