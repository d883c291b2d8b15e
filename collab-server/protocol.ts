import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as authProtocol from "y-protocols/auth";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { formatLimitNotice } from "../app/collab/change-limits";
import { formatReadOnlyNotice, formatServerNotice, type CollabCloseCodeValue, type ServerNotice } from "../app/collab/close-codes";

/*
 * The y-websocket wire protocol, server side.
 *
 * Guarantees: a read-only peer gets sync step 2 and presence, but its document
 * updates (sync step 2 and update messages) are DROPPED — decoded past, never
 * applied, so never broadcast nor stored. Presence updates are only accepted
 * for awareness client ids this socket owns. Any decoding error throws a
 * `ProtocolError` for the caller to close that socket alone.
 */

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export class ProtocolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProtocolError";
  }
}

/** A well-formed part above its own size limit (presence is relayed to every peer). */
export class PartTooLargeError extends ProtocolError {
  constructor(message: string) {
    super(message);
    this.name = "PartTooLargeError";
  }
}

/** What a message handler needs from the socket that sent the message. */
export interface ProtocolPeer {
  readonly readOnly: boolean;
}

/** What a message handler needs from the shared document. */
export interface ProtocolDocument<Peer extends ProtocolPeer> {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  /** True when `peer` may speak for every one of these awareness client ids (claims the unowned ones). */
  claimAwarenessClients(peer: Peer, clientIds: number[]): boolean;
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clientIds: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds));
  return encoding.toUint8Array(encoder);
}

/**
 * "Who is there?" (message type 3): the stock client answers it from
 * JavaScript with its presence — the server's liveness question (a browser
 * that lost its line, or emulates being offline, may still answer pings).
 */
export function encodeAwarenessQuery(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_QUERY_AWARENESS);
  return encoding.toUint8Array(encoder);
}

/** A y-protocols "permission denied" message carrying our read-only notice. */
export function encodeReadOnlyNotice(code: CollabCloseCodeValue): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  authProtocol.writePermissionDenied(encoder, formatReadOnlyNotice(code));
  return encoding.toUint8Array(encoder);
}

/** A server notice (e.g. the link to other processes is down), in the same message type. */
export function encodeServerNotice(notice: ServerNotice): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  authProtocol.writePermissionDenied(encoder, formatServerNotice(notice));
  return encoding.toUint8Array(encoder);
}

/** The server's message limit, so the browser refuses larger changes instead of having its socket closed. */
export function encodeLimitNotice(maxMessageBytes: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  authProtocol.writePermissionDenied(encoder, formatLimitNotice(maxMessageBytes));
  return encoding.toUint8Array(encoder);
}

/** The client ids named in an awareness update, read without applying it. */
function readAwarenessClientIds(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder); // clock
    decoding.readVarString(decoder); // state (JSON)
  }
  return ids;
}

export type MessageOutcome =
  | { kind: "reply"; message: Uint8Array; /** Holds document content: send it only once that content is durable. */ carriesContent?: boolean }
  | { kind: "applied" }
  | { kind: "ignored" }
  | { kind: "dropped"; why: "read-only" | "awareness-refused" };

/** Handles one client message. Throws `ProtocolError` on anything malformed, unknown or oversized. */
export function handleClientMessage<Peer extends ProtocolPeer>(
  shared: ProtocolDocument<Peer>,
  peer: Peer,
  message: Uint8Array,
  maxAwarenessBytes: number,
): MessageOutcome {
  try {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return handleSync(shared.doc, peer, decoder);
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        if (update.byteLength > maxAwarenessBytes) throw new PartTooLargeError(`awareness update of ${update.byteLength} bytes`);
        if (!shared.claimAwarenessClients(peer, readAwarenessClientIds(update))) {
          return { kind: "dropped", why: "awareness-refused" };
        }
        awarenessProtocol.applyAwarenessUpdate(shared.awareness, update, peer);
        return { kind: "applied" };
      }
      case MESSAGE_QUERY_AWARENESS:
        return { kind: "reply", message: encodeAwareness(shared.awareness, [...shared.awareness.getStates().keys()]) };
      case MESSAGE_AUTH:
        // Clients have nothing to tell us here.
        return { kind: "ignored" };
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError("malformed message", { cause: error });
  }
}

function handleSync(doc: Y.Doc, peer: ProtocolPeer, decoder: decoding.Decoder): MessageOutcome {
  const syncType = decoding.readVarUint(decoder);
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1: {
      const stateVector = decoding.readVarUint8Array(decoder);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep2(encoder, doc, stateVector);
      return { kind: "reply", message: encoding.toUint8Array(encoder), carriesContent: true };
    }
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate: {
      const update = decoding.readVarUint8Array(decoder);
      if (peer.readOnly) return { kind: "dropped", why: "read-only" };
      // The peer is the transaction origin: the broadcast skips it.
      Y.applyUpdate(doc, update, peer);
      return { kind: "applied" };
    }
    default:
      throw new ProtocolError(`unknown sync message type ${syncType}`);
  }
}
