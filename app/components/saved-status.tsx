import { useLocation, useSearchParams } from "@remix-run/react";
import { Notice } from "./notice.tsx";

/*
 * "Saved" feedback that works without JavaScript: a successful add redirects to
 * the page with `?guardado=<what>` (post/redirect/get, so a reload never adds twice).
 * The form that saved is keyed on the navigation, so it comes back empty; the
 * other forms on the page keep what was typed in them.
 */

/** Whether the last redirect saved `flag` (in `?param=`), and the key that empties that form after it. */
export function useSaved(flag: string, param = "guardado") {
  const [params] = useSearchParams();
  const location = useLocation();
  const saved = params.get(param) === flag;
  return { saved, formKey: saved ? `${flag}:${location.key}` : flag };
}

/** A polite live region: the message is announced after the save. */
export function SavedStatus({ show, message }: { show: boolean; message: string }) {
  return <div role="status">{show ? <Notice tone="ok">{message}</Notice> : null}</div>;
}

/** The URL an add redirects to: the page, the flag, and the section to come back to. */
export function savedUrl(path: string, flag: string, hash = "") {
  return `${path}?guardado=${encodeURIComponent(flag)}${hash}`;
}
