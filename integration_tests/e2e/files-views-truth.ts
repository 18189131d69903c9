// What the simulator holds of files and views, in the terms the beta-stream tests use (the simulator's workspace
// API underneath).
import type { Workspace } from '../simulator/index.js';

type NewFile = Parameters<Workspace['addFile']>[0];
type FileInput = NewFile extends infer T
  ? T extends unknown
    ? Omit<T, 'object' | 'record_id' | 'created_at' | 'created_by_actor'>
    : never
  : never;

export function filesAndViews(ws: Workspace) {
  return {
    addFile: (object: string, record_id: string, input: FileInput, options: { created_at?: string } = {}) =>
      ws.addFile({ ...input, object, record_id, ...options } as NewFile),
    allFiles: (object: string) => ws.files().filter((file) => file.object_slug === object),
    viewsOf: (target: 'objects' | 'lists', slug: string) => ws.views(target, slug),
  };
}
