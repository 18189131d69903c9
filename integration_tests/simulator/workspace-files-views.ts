// The beta files API's entries and the saved views of objects and lists (both newer than the
// vendored OpenAPI document; shapes from attio-ts-sdk, see routes-files-views.ts).
import type { AttioActor, FileEntry, FileStorageProvider, ListView, ObjectView } from './model.js';
import { TARGET_KINDS, type Target } from './targets.js';
import { WorkspaceActivity } from './workspace-activity.js';

interface NewFileCommon {
  /** Object slug or id of the record the entry is on. */
  object: string;
  record_id: string;
  file_id?: string;
  created_at?: string;
  created_by_actor?: AttioActor;
}

/** A file entry to add: a file or folder in Attio's storage, or a connected file or folder. */
export type NewFile =
  | (NewFileCommon & {
      file_type: 'file';
      name: string;
      content_type?: string | null;
      content_size?: number | null;
      parent_folder_id?: string | null;
    })
  | (NewFileCommon & { file_type: 'folder'; name: string; parent_folder_id?: string | null })
  | (NewFileCommon & {
      file_type: 'connected-file' | 'connected-folder';
      storage_provider: Exclude<FileStorageProvider, 'attio'>;
      external_provider_file_id: string;
      microsoft_drive_id?: string | null;
    });

export interface NewView {
  title: string;
  /** Hidden unless show_archived=true (the view shape itself has no archived flag). */
  archived?: boolean;
  view_id?: string;
  created_at?: string;
}

export class WorkspaceFilesViews extends WorkspaceActivity {
  private readonly fileList: FileEntry[] = [];
  /** Saved views by object_id / list_id. */
  private readonly viewsByParent = new Map<string, { view: ObjectView | ListView; archived: boolean }[]>();

  /** Every file entry (files, folders, connected ones), in the order they were added. */
  files(): FileEntry[] {
    return structuredClone(this.fileList);
  }

  file(fileId: string): FileEntry | undefined {
    return structuredClone(this.fileList.find((f) => f.id.file_id === fileId));
  }

  /** Whether a folder holds any entry (GET /v2/files/{id} answers it as `has_children`). */
  hasChildren(folderId: string): boolean {
    return this.fileList.some((f) => (f.file_type === 'file' || f.file_type === 'folder') && f.parent_folder_id === folderId);
  }

  addFile(input: NewFile): FileEntry {
    const object = this.requireObject(input.object);
    if (object.rows.indexOfId(input.record_id) < 0) throw new Error(`no ${object.object.api_slug} record ${input.record_id}`);
    const base = {
      id: { workspace_id: this.id, file_id: input.file_id ?? this.random.uuid() },
      object_id: object.object.id.object_id,
      object_slug: object.object.api_slug ?? '',
      record_id: input.record_id,
    };
    const created = { created_by_actor: input.created_by_actor ?? this.apiTokenActor, created_at: input.created_at ?? this.nowTimestamp() };
    let entry: FileEntry;
    if (input.file_type === 'file' || input.file_type === 'folder') {
      const parent = input.parent_folder_id ?? null;
      if (parent !== null) {
        const folder = this.fileList.find((f) => f.id.file_id === parent);
        if (folder?.file_type !== 'folder' || folder.record_id !== input.record_id) throw new Error(`no folder ${parent} on that record`);
      }
      entry =
        input.file_type === 'file'
          ? {
              ...base,
              storage_provider: 'attio',
              ...created,
              file_type: 'file',
              name: input.name,
              content_type: input.content_type ?? null,
              content_size: input.content_size ?? null,
              parent_folder_id: parent,
            }
          : { ...base, storage_provider: 'attio', ...created, file_type: 'folder', name: input.name, parent_folder_id: parent };
    } else {
      entry = {
        ...base,
        storage_provider: input.storage_provider,
        ...created,
        file_type: input.file_type,
        external_provider_file_id: input.external_provider_file_id,
        microsoft_drive_id: input.storage_provider === 'microsoft-onedrive' ? (input.microsoft_drive_id ?? null) : null,
      };
    }
    this.fileList.push(entry);
    this.clock.observe(entry.created_at);
    return structuredClone(entry);
  }

  /** Deletes a file entry; deleting a folder deletes everything in it (as Attio's DELETE /v2/files/{id} documents). */
  deleteFile(fileId: string): boolean {
    const index = this.fileList.findIndex((f) => f.id.file_id === fileId);
    if (index < 0) return false;
    const [removed] = this.fileList.splice(index, 1);
    if (removed?.file_type === 'folder') {
      for (const child of this.fileList.filter(
        (f) => (f.file_type === 'file' || f.file_type === 'folder') && f.parent_folder_id === fileId,
      )) {
        this.deleteFile(child.id.file_id);
      }
    }
    return true;
  }

  /** Saved views of an object or list, ordered by view_id (as Attio documents), archived ones only when asked. */
  views(target: Target, idOrSlug: string, options: { showArchived?: boolean } = {}): (ObjectView | ListView)[] {
    const parentId = this.viewParentId(target, idOrSlug);
    const all = this.viewsByParent.get(parentId) ?? [];
    return structuredClone(
      all
        .filter((v) => options.showArchived || !v.archived)
        .map((v) => v.view)
        .sort((a, b) => (a.id.view_id < b.id.view_id ? -1 : a.id.view_id > b.id.view_id ? 1 : 0)),
    );
  }

  addView(target: Target, idOrSlug: string, input: NewView): ObjectView | ListView {
    const parentId = this.viewParentId(target, idOrSlug);
    const viewId = input.view_id ?? this.random.uuid();
    const createdAt = input.created_at ?? this.nowTimestamp();
    const ids = { workspace_id: this.id, [TARGET_KINDS[target].parentIdKey]: parentId, view_id: viewId };
    const view = { id: ids, title: input.title, created_at: createdAt } as ObjectView | ListView;
    const list = this.viewsByParent.get(parentId) ?? [];
    list.push({ view, archived: input.archived ?? false });
    this.viewsByParent.set(parentId, list);
    this.clock.observe(createdAt);
    return structuredClone(view);
  }

  private viewParentId(target: Target, idOrSlug: string): string {
    return this.requireCollection(target, idOrSlug).id;
  }
}
