/**
 * A container or table created on first use. Only the success of the create is remembered, and
 * only until an operation that relied on it fails: storage can lose a container under a running
 * process (deleted by hand, a restore, an emulator restarted), and a process that kept believing
 * it exists would fail every write, and every retry of it, until it restarted.
 */
class StorageReadiness {
  private created: Promise<void> | undefined;

  public constructor(private readonly create: () => Promise<unknown>) {}

  /** Creates the container or table unless this process did already; a failed create is not remembered. */
  public ensure(): Promise<void> {
    const creating = (this.created ??= this.create().then(
      () => undefined,
      (error: unknown) => {
        if (this.created === creating) this.created = undefined;
        throw error;
      },
    ));
    return creating;
  }

  /** Forgets the create, so the next {@link ensure} checks storage again. */
  public forget(): void {
    this.created = undefined;
  }

  /**
   * Runs `operation` once the container or table exists. Any failure forgets the create; when the
   * failure says the container or table is gone, it is created again and `operation` runs once more.
   */
  public async run<T>(operation: () => Promise<T>): Promise<T> {
    await this.ensure();
    try {
      return await operation();
    } catch (error) {
      this.forget();
      if (!isMissingContainer(error)) throw error;
      await this.ensure();
      return operation();
    }
  }
}

/** Readiness of a table: created on first use (an existing one, 409, counts as created). */
function tableReadiness(table: { createTable(): Promise<unknown> }): StorageReadiness {
  return new StorageReadiness(() =>
    table.createTable().catch((error: unknown) => {
      if ((error as { statusCode?: unknown } | null)?.statusCode !== 409) throw error;
    }),
  );
}

/** True when a storage error (or one in its `cause` chain) says the container or table does not exist. */
function isMissingContainer(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const { code, statusCode } = current as { code?: unknown; statusCode?: unknown };
    if (code === 'ContainerNotFound' || code === 'TableNotFound') return true;
    // The tables SDK leaves `code` unset and names the error only in the OData body it puts in the message.
    if (statusCode === 404 && /"code"\s*:\s*"TableNotFound"/.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

export { StorageReadiness, tableReadiness, isMissingContainer };
