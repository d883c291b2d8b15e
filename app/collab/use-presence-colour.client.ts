import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import { assignColours, preferredColour } from "./presence-colours.ts";

/** The presence fields every live editor publishes under awareness "user". */
export interface PresenceUser {
  /** Stable per person (the account id): the colour is derived from it. */
  key: string;
  name: string;
  color: string;
  [field: string]: unknown;
}

/**
 * Keeps this tab's presence colour distinct from the other people present
 * (see presence-colours.ts) and returns it, for this tab's own caret. Only the
 * local state is written, and only when the colour changes, so there is no
 * ping-pong between browsers.
 */
export function usePresenceColour(awareness: Awareness | null, key: string): string {
  const [colour, setColour] = useState(() => preferredColour(key));
  useEffect(() => {
    if (!awareness) return;
    const refresh = () => {
      const keys: string[] = [];
      awareness.getStates().forEach((state) => {
        const user = (state as { user?: Partial<PresenceUser> }).user;
        if (typeof user?.key === "string") keys.push(user.key);
      });
      keys.push(key);
      const mine = assignColours(keys).get(key)!;
      setColour(mine);
      const own = (awareness.getLocalState() as { user?: PresenceUser } | null)?.user;
      if (own && own.color !== mine) awareness.setLocalStateField("user", { ...own, color: mine });
    };
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [awareness, key]);
  return colour;
}
