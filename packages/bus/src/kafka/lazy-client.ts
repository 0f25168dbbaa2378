/**
 * Connects a kafkajs client on first use and remembers the connection; a
 * failed connect is forgotten so the next call tries again.
 */
export interface Connectable {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface LazyClient<T extends Connectable> {
  /** The connected client, connecting it the first time. */
  get(): Promise<T>;
  /** Disconnects if it ever connected. Later `get` calls connect again. */
  close(): Promise<void>;
}

export function lazyClient<T extends Connectable>(create: () => T): LazyClient<T> {
  let connected: Promise<T> | undefined;
  return {
    get() {
      connected ??= (async () => {
        const client = create();
        try {
          await client.connect();
        } catch (error) {
          connected = undefined;
          // kafkajs keeps sockets of a half-made connection; release them.
          await client.disconnect().catch(() => {});
          throw error;
        }
        return client;
      })();
      return connected;
    },
    async close() {
      const current = connected;
      connected = undefined;
      if (current === undefined) return;
      const client = await current.catch(() => undefined);
      await client?.disconnect();
    },
  };
}
