/*
 * The Remix server entry (Remix's default Node entry, logging through pino)
 * and THE process entry points: everything the portal and `npm run collab`
 * run is exported from here, so it is bundled into build/index.js with the
 * routes and loaded once (server/start.js and server/start-collab.js import
 * the build and call these). See docs/decisions/0100-one-module-graph-and-production-server.md.
 */
import { PassThrough } from "node:stream";

import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { getLogger } from "~/utils/logger.server";

export { startPortal } from "../server/index.ts";
export { startStandaloneCollab } from "../collab-server/standalone.ts";

/** Errors thrown by loaders and actions (not aborted requests), at error level with the path. */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  getLogger().error({ err: error, method: request.method, path: new URL(request.url).pathname }, "[remix] error en una ruta");
}

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext
) {
  const prohibitOutOfOrderStreaming =
    isBotRequest(request.headers.get("user-agent")) || remixContext.isSpaMode;

  return prohibitOutOfOrderStreaming
    ? handleBotRequest(
        request,
        responseStatusCode,
        responseHeaders,
        remixContext
      )
    : handleBrowserRequest(
        request,
        responseStatusCode,
        responseHeaders,
        remixContext
      );
}

function isBotRequest(userAgent: string | null) {
  return userAgent ? isbot(userAgent) : false;
}

function handleBotRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  // Bots get the whole page at once (SEO); browsers get the shell as soon as it is ready.
  return renderDocument(request, responseStatusCode, responseHeaders, remixContext, "onAllReady");
}

function handleBrowserRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  return renderDocument(request, responseStatusCode, responseHeaders, remixContext, "onShellReady");
}

function renderDocument(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  readyWhen: "onAllReady" | "onShellReady",
) {
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      const stream = createReadableStreamFromReadable(body);
      responseHeaders.set("Content-Type", "text/html");
      resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      [readyWhen]: ready,
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        // Errors while streaming inside the shell are logged here; shell errors reject and are
        // logged by handleDocumentRequest.
        if (shellRendered) {
          getLogger().error({ err: error }, "[remix] error al transmitir la página");
        }
      },
    });

    setTimeout(abort, ABORT_DELAY);
  });
}
