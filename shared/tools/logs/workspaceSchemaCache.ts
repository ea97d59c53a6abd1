import type { WorkspaceSchema } from './workspaceSchema';

/**
 * Workspace schemas cached per investigation: within one investigation every subagent and every
 * turn sees the same tables (and pays for the metadata call once), while a new investigation sees
 * tables created since. Calls without an investigation id are not cached. Failed loads are
 * forgotten so the next call retries.
 */
class WorkspaceSchemaCache {
  private readonly byInvestigation = new Map<string, Map<string, Promise<WorkspaceSchema>>>();

  /** @param maxInvestigations how many investigations to remember; the oldest is dropped first. */
  public constructor(private readonly maxInvestigations = 64) {}

  /** The cached schema of `workspaceId` for the investigation, loading it with `load` on a miss. */
  public get(investigationId: string | undefined, workspaceId: string, load: () => Promise<WorkspaceSchema>): Promise<WorkspaceSchema> {
    if (investigationId === undefined) return load();
    let perWorkspace = this.byInvestigation.get(investigationId);
    if (!perWorkspace) {
      if (this.byInvestigation.size >= this.maxInvestigations) {
        const oldest = this.byInvestigation.keys().next().value;
        if (oldest !== undefined) this.byInvestigation.delete(oldest);
      }
      perWorkspace = new Map();
      this.byInvestigation.set(investigationId, perWorkspace);
    }
    const cached = perWorkspace.get(workspaceId);
    if (cached) return cached;
    const loading = load();
    perWorkspace.set(workspaceId, loading);
    loading.catch(() => {
      if (perWorkspace.get(workspaceId) === loading) perWorkspace.delete(workspaceId);
    });
    return loading;
  }
}

export { WorkspaceSchemaCache };
