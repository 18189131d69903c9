// The in-memory Attio workspace the simulator serves. It is built in layers, one domain per file,
// each extending the one before (so the public API stays one object, `sim.workspace`):
//   workspace-base.ts        identity, clock, seeded ids, workspace members
//   workspace-collections.ts objects, lists and their attributes
//   workspace-rows.ts        records and list entries (with value history)
//   workspace-activity.ts    notes, tasks, threads and comments, meetings, call recordings, webhooks
//   workspace-files-views.ts files (beta) and saved views
// Tests mutate it through the add*/update*/delete* helpers while the server is running.
import { WorkspaceFilesViews } from './workspace-files-views.js';

export class Workspace extends WorkspaceFilesViews {}

export type { WorkspaceIdentity } from './workspace-base.js';
export type { AttributeModel, CollectionModel, ListModel, ObjectModel, RecordRows, RowStore } from './workspace-collections.js';
export type { NewEntry, NewRecord, RecordEntryRef, RowOf, ValuesInput } from './workspace-rows.js';
export type { NewFile, NewView } from './workspace-files-views.js';
export type { Target } from './targets.js';
