/**
 * PGlite is one PostgreSQL session. pglite-socket lets several TCP clients share it by queueing
 * their wire-protocol messages, but it switches clients between any two messages, so one
 * client's Parse can replace another's unnamed statement between its Parse and its Bind: a
 * parameterised query then runs another client's SQL. This replaces the queue's scheduler so
 * a client keeps the session from its first extended-protocol message through its Sync (and
 * through a whole transaction, as before).
 */

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
  onData: (data: Uint8Array) => void;
}

interface QueueInternals {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(message: Uint8Array, opts: { onRawData: (data: Uint8Array) => void }): Promise<unknown>;
  };
  processQueue(): Promise<void>;
}

const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

/** Installs the Sync-aware scheduler on a started PGLiteSocketServer. */
export function keepExtendedQueriesTogether(server: unknown): void {
  const queue = (server as { queryQueue?: QueueInternals }).queryQueue;
  if (!queue || !Array.isArray(queue.queue) || typeof queue.processQueue !== 'function') {
    throw new Error('pglite-socket internals changed: cannot install the extended-protocol scheduler; pin @electric-sql/pglite-socket');
  }
  // The client that holds the session mid extended-protocol exchange, if any.
  let holder: number | null = null;
  queue.processQueue = async function processQueue(this: QueueInternals): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = this.db.isInTransaction() && this.lastHandlerId !== null ? this.lastHandlerId : holder;
        const index = owner === null ? 0 : this.queue.findIndex((m) => m.handlerId === owner);
        if (index < 0) break; // wait for the holder's next message
        const [item] = this.queue.splice(index, 1) as [QueuedMessage];
        const type = item.message[0];
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(item.message, { onRawData: (data) => item.onData(data) }));
        } catch (err) {
          holder = null;
          item.reject(err);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        holder = type === SYNC || type === SIMPLE_QUERY || type === TERMINATE ? null : item.handlerId;
        item.resolve(0);
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);
  // A client that disconnects mid-exchange must not hold the session forever.
  const clear = (queue as unknown as { clearQueueForHandler: (id: number) => void }).clearQueueForHandler.bind(queue);
  (queue as unknown as { clearQueueForHandler: (id: number) => void }).clearQueueForHandler = (id: number) => {
    if (holder === id) holder = null;
    clear(id);
    void queue.processQueue();
  };
}
