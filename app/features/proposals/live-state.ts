import type { ProposalContent } from "~/db/schema/proposals";

/*
 * What the live editor shares with the rest of the proposal page (which is
 * server-rendered and works without it): the content derived from the live
 * Y.Doc, for the rules panel, and the document's state, posted with status
 * moves and versions so they include edits the collab server has not stored yet.
 */

type Listener = () => void;
let liveContent: ProposalContent | null = null;
let stateProvider: (() => string) | null = null;
const listeners = new Set<Listener>();

export function publishLiveContent(content: ProposalContent | null) {
  liveContent = content;
  for (const l of listeners) l();
}

export function subscribeLiveContent(listener: Listener) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export const getLiveContent = () => liveContent;
export const getServerLiveContent = () => null;

export function setLiveStateProvider(provider: (() => string) | null) {
  stateProvider = provider;
}

/** Base64 of the live Y.Doc state, or "" when the editor is not running. */
export function liveStateBase64(): string {
  return stateProvider?.() ?? "";
}
