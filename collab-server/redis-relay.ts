import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { CollabLogger } from "./logger";
import type { PublishFraming } from "./redis-journal";

/*
 * What crosses collab processes, over Redis pub/sub: document updates,
 * presence, presence queries (a process that just loaded a document asks the
 * others for theirs) and access changes (revocations).
 *
 * Why pub/sub and not streams for the news: every update is durable before it
 * is published — in the document's Redis journal (redis-journal.ts publishes
 * it in the same script, framed by `updateFraming`) or in the database — so a
 * process that missed some (Redis was down, it subscribed late) catches up
 * from the journal and the database. Hence no consumer groups or offsets.
 *
 * Guarantees: a process never handles its own messages; a message that is
 * oversized or does not frame correctly is dropped and logged; publishing never
 * throws (while Redis is down a publish is dropped: `onStatus` told the caller,
 * who resyncs from the database when it is back); channels are re-subscribed
 * on every reconnect before `onStatus(true)` fires.
 */

export const RelayMessage = { UPDATE: 0, AWARENESS: 1, AWARENESS_QUERY: 2 } as const;
export type RelayMessageType = (typeof RelayMessage)[keyof typeof RelayMessage];

export interface DocumentRelayHandlers {
  update(update: Uint8Array): void;
  awareness(update: Uint8Array): void;
  awarenessQuery(): void;
}

export interface AccessChange {
  userId?: string;
  documentName?: string;
}

export interface DocumentRelay {
  /** True while Redis answers. */
  readonly connected: boolean;
  /** Starts receiving a document's messages; resolves once subscribed (or at once while Redis is down). */
  subscribe(documentName: string, handlers: DocumentRelayHandlers): Promise<void>;
  unsubscribe(documentName: string): Promise<void>;
  publish(documentName: string, type: RelayMessageType, payload?: Uint8Array): void;
  /** Channel and header of an update message, for the journal's script that publishes it after writing it. */
  updateFraming(documentName: string): PublishFraming;
  publishAccessChange(change: AccessChange): Promise<void>;
  onAccessChange(listener: (change: AccessChange) => void): void;
  /** Called with false when Redis is lost and with true once it is back and every channel is subscribed again. */
  onStatus(listener: (connected: boolean) => void): void;
  close(): Promise<void>;
}

export interface RedisRelayOptions {
  /** Commands (publish). */
  publisher: Redis;
  /** A connection of its own: a subscribed connection can run no other command. */
  subscriber: Redis;
  /** Key/channel prefix, e.g. "redomil:". */
  prefix: string;
  /** Messages above this are dropped on both ends. */
  maxMessageBytes: number;
  logger: CollabLogger;
}

const SENDER_BYTES = 8;
const HEADER_BYTES = 1 + SENDER_BYTES;

export function createRedisRelay(options: RedisRelayOptions): DocumentRelay {
  const { publisher, subscriber, logger } = options;
  const sender = randomBytes(SENDER_BYTES);
  const documentPrefix = `${options.prefix}collab:doc:`;
  const accessChannel = `${options.prefix}collab:access`;
  const documents = new Map<string, DocumentRelayHandlers>();
  const accessListeners: ((change: AccessChange) => void)[] = [];
  const statusListeners: ((connected: boolean) => void)[] = [];
  let connected = subscriber.status === "ready";
  let closed = false;

  const frame = (type: number, payload: Uint8Array = new Uint8Array()) => {
    const message = Buffer.allocUnsafe(HEADER_BYTES + payload.byteLength);
    message[0] = type;
    sender.copy(message, 1);
    message.set(payload, HEADER_BYTES);
    return message;
  };

  const updateHeader = frame(RelayMessage.UPDATE);

  const setStatus = (now: boolean) => {
    if (now === connected || closed) return;
    connected = now;
    logger[now ? "info" : "warn"](now ? "relay connected" : "relay lost: co-editing continues within this process", {});
    statusListeners.forEach((listener) => listener(now));
  };

  subscriber.on("messageBuffer", (channelBuffer: Buffer, message: Buffer) => {
    const channel = channelBuffer.toString();
    if (message.byteLength < HEADER_BYTES || message.byteLength > options.maxMessageBytes + HEADER_BYTES) {
      logger.warn("relay message dropped", { channel, bytes: message.byteLength });
      return;
    }
    if (message.subarray(1, HEADER_BYTES).equals(sender)) return;
    const type = message[0];
    const payload = new Uint8Array(message.buffer, message.byteOffset + HEADER_BYTES, message.byteLength - HEADER_BYTES);
    if (channel === accessChannel) {
      try {
        const change = JSON.parse(Buffer.from(payload).toString("utf8")) as AccessChange;
        accessListeners.forEach((listener) => listener({ userId: change.userId ?? undefined, documentName: change.documentName ?? undefined }));
      } catch {
        logger.warn("relay access change dropped", {});
      }
      return;
    }
    const handlers = documents.get(channel.slice(documentPrefix.length));
    if (!handlers) return;
    if (type === RelayMessage.UPDATE) handlers.update(payload);
    else if (type === RelayMessage.AWARENESS) handlers.awareness(payload);
    else if (type === RelayMessage.AWARENESS_QUERY) handlers.awarenessQuery();
    else logger.warn("relay message of unknown type dropped", { channel, type });
  });

  const resubscribeAll = async () => {
    const channels = [accessChannel, ...[...documents.keys()].map((name) => documentPrefix + name)];
    await subscriber.subscribe(...channels);
  };

  subscriber.on("ready", () => {
    resubscribeAll().then(
      () => setStatus(true),
      (error: unknown) => logger.warn("relay resubscribe failed", { error }),
    );
  });
  subscriber.on("close", () => setStatus(false));
  if (connected) void subscriber.subscribe(accessChannel).catch(() => undefined);

  return {
    get connected() {
      return connected;
    },

    async subscribe(documentName, handlers) {
      documents.set(documentName, handlers);
      if (!connected) return;
      try {
        await subscriber.subscribe(documentPrefix + documentName);
      } catch (error) {
        // The reconnect handler subscribes it again; the document catches up from the database then.
        logger.warn("relay subscribe failed", { document: documentName, error });
      }
    },

    async unsubscribe(documentName) {
      documents.delete(documentName);
      if (!connected) return;
      await subscriber.unsubscribe(documentPrefix + documentName).catch(() => undefined);
    },

    updateFraming(documentName) {
      return { channel: documentPrefix + documentName, header: updateHeader };
    },

    publish(documentName, type, payload) {
      if (!connected || (payload && payload.byteLength > options.maxMessageBytes)) return;
      publisher.publish(documentPrefix + documentName, frame(type, payload)).catch((error: unknown) => {
        logger.debug("relay publish failed", { document: documentName, error });
      });
    },

    async publishAccessChange(change) {
      if (!connected) {
        logger.warn("relay down: access change reaches only this process", { ...change });
        return;
      }
      await publisher
        .publish(accessChannel, frame(0, Buffer.from(JSON.stringify(change), "utf8")))
        .catch((error: unknown) => logger.warn("relay access change not published", { error }));
    },

    onAccessChange(listener) {
      accessListeners.push(listener);
    },

    onStatus(listener) {
      statusListeners.push(listener);
    },

    async close() {
      closed = true;
      documents.clear();
      subscriber.disconnect();
      await publisher.quit().catch(() => publisher.disconnect());
    },
  };
}
