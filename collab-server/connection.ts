import type { RawData, WebSocket } from "ws";
import { CollabCloseCode, describeCloseCode, truncateCloseReason, type CollabCloseCodeValue } from "../app/collab/close-codes";
import type { CollabAccess } from "../app/collab/token";
import type { CollabLimits } from "./limits";
import type { CollabLogger } from "./logger";
import { encodeAwarenessQuery, encodeLimitNotice, encodeReadOnlyNotice, encodeServerNotice, encodeSyncStep1, handleClientMessage, PartTooLargeError, ProtocolError } from "./protocol";
import type { DocumentPeer, SharedDocument } from "./shared-document";

/*
 * One accepted socket.
 *
 * Guarantees: nothing a client sends is applied before the socket was
 * authenticated and its document loaded — earlier messages wait in a bounded
 * queue and are then handled in arrival order; a text, oversized, malformed
 * or hostile message closes this socket alone with a named code; once
 * `close` was called nothing more from the socket is applied; a client that
 * stops reading is dropped instead of buffering without bound.
 */

export interface ConnectionIdentity {
  userId: string;
  userName: string;
}

let nextConnectionId = 1;

export class CollabConnection implements DocumentPeer {
  readonly id = nextConnectionId++;
  identity: ConnectionIdentity | undefined;
  access: CollabAccess = "read";
  /** Why a read-only socket is read-only (told to the client). */
  readOnlyCode: CollabCloseCodeValue = CollabCloseCode.FORBIDDEN;
  private shared: SharedDocument<CollabConnection> | undefined;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private alive = true;
  private closing = false;

  constructor(
    readonly socket: WebSocket,
    readonly documentName: string,
    readonly address: string,
    private readonly limits: CollabLimits,
    private readonly logger: CollabLogger,
  ) {
    socket.on("message", this.receive);
    // Pongs prove liveness only until the socket is attached; afterwards only messages do (see heartbeat).
    socket.on("pong", () => {
      if (!this.shared) this.alive = true;
    });
  }

  get userId(): string {
    return this.identity?.userId ?? "";
  }

  get readOnly(): boolean {
    return this.access !== "edit";
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Joins the loaded document, tells a read-only client so, then handles what it already sent. */
  attach(shared: SharedDocument<CollabConnection>): void {
    if (this.closing) return;
    this.shared = shared;
    // Before sync step 1: the browser refuses changes above this instead of sending them (app/collab/change-limits.ts).
    this.send(encodeLimitNotice(this.limits.maxMessageBytes));
    shared.join(this);
    if (this.readOnly) this.send(encodeReadOnlyNotice(this.readOnlyCode));
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const message of queued) {
      if (this.closing) return;
      this.handle(message);
    }
  }

  /**
   * Switches a live socket to read-only: its edits are dropped from this
   * instant. Once what it sent before is durable, the client gets the server's
   * state vector (a sync step 1), then the notice: it can tell its author
   * exactly which words the server does not have.
   */
  downgrade(code: CollabCloseCodeValue): void {
    if (this.readOnly || this.closing) return;
    this.access = "read";
    this.readOnlyCode = code;
    const notice = encodeReadOnlyNotice(code);
    const shared = this.shared;
    if (!shared) return this.send(notice);
    shared.afterPendingWrites(() => {
      this.send(encodeSyncStep1(shared.doc));
      this.send(notice);
    });
  }

  /**
   * Gives a live read-only socket edit access again (the minutes were
   * reopened): its edits are accepted from this instant and the client is
   * told, so its editor becomes editable without a reload.
   */
  upgrade(): void {
    if (!this.readOnly || this.closing) return;
    this.access = "edit";
    this.send(encodeServerNotice("writable"));
  }

  send(message: Uint8Array): void {
    if (this.closing || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.logger.warn("client not reading; dropped", { connection: this.id, document: this.documentName });
      this.close(CollabCloseCode.SERVER_BUSY);
      return;
    }
    this.socket.send(message, { binary: true });
  }

  close(code: CollabCloseCodeValue, reason?: string): void {
    if (this.closing) return;
    this.closing = true;
    this.queue = [];
    try {
      this.socket.close(code, truncateCloseReason(reason ?? describeCloseCode(code).message));
    } catch {
      this.socket.terminate();
      return;
    }
    // A client that never answers the close handshake must not hold the socket.
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }

  /**
   * Called by the server's heartbeat: terminates a socket that did not answer
   * since the previous beat (its presence is then withdrawn). An attached
   * client must answer with a message: it is asked who is there, which the
   * stock client answers from JavaScript — a pong alone is not enough, since
   * the network layer answers pings even when the page can no longer send
   * (Chromium's offline mode, a frozen tab).
   */
  heartbeat(): void {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    try {
      this.socket.ping();
    } catch {
      this.socket.terminate();
      return;
    }
    if (this.shared) this.send(encodeAwarenessQuery());
  }

  private readonly receive = (data: RawData, isBinary: boolean) => {
    if (this.closing) return;
    this.alive = true;
    if (!isBinary) return this.close(CollabCloseCode.BAD_MESSAGE, "Se esperaba un mensaje binario");
    const bytes = toBytes(data);
    if (bytes.byteLength > this.limits.maxMessageBytes) {
      this.logger.warn("message too large", { connection: this.id, document: this.documentName, bytes: bytes.byteLength });
      return this.close(CollabCloseCode.MESSAGE_TOO_LARGE);
    }
    if (!this.shared) {
      this.queuedBytes += bytes.byteLength;
      if (this.queue.length >= this.limits.maxQueuedMessages || this.queuedBytes > this.limits.maxQueuedBytes) {
        return this.close(CollabCloseCode.SERVER_BUSY);
      }
      this.queue.push(bytes);
      return;
    }
    this.handle(bytes);
  };

  private handle(message: Uint8Array): void {
    try {
      const outcome = handleClientMessage(this.shared!, this, message, this.limits.maxAwarenessBytes);
      if (outcome.kind === "reply" && outcome.carriesContent) {
        // Sync step 2 is encoded from memory, which may hold edits whose append is still in
        // flight: like a relay, it leaves only once they are durable (nobody sees an unstored edit).
        const message = outcome.message;
        this.shared!.afterPendingWrites(() => this.send(message));
      } else if (outcome.kind === "reply") this.send(outcome.message);
      else if (outcome.kind === "dropped" && outcome.why === "awareness-refused") {
        this.logger.debug("awareness refused", { connection: this.id, document: this.documentName });
      }
    } catch (error) {
      this.logger.warn("bad message; socket closed", {
        connection: this.id,
        document: this.documentName,
        user: this.userId,
        error: error instanceof ProtocolError && error.cause instanceof Error ? error.cause : error,
      });
      this.close(error instanceof PartTooLargeError ? CollabCloseCode.MESSAGE_TOO_LARGE : CollabCloseCode.BAD_MESSAGE);
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
