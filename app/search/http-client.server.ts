/*
 * A Meilisearch `Config.httpClient` on node:http with a keep-alive agent.
 * Node's fetch stalled ~40 ms on loopback responses over ~1.5 KB while the
 * engine reported 0 ms (bench/search-client.ts). Cause, measured with a raw
 * socket: fetch always sends `Accept-Encoding: gzip, deflate`; Meilisearch then
 * compresses larger answers and writes them in several chunks, and (most
 * likely) Nagle on its socket plus delayed ACK on ours holds the last chunk
 * ~40 ms, Linux's minimum ACK delay. This client asks
 * for identity encoding (no stall, nothing to decompress). Plain fetch with
 * `Accept-Encoding: identity` comes close (the bench prints it for reference);
 * this client keeps the socket pool, retry and timeouts under our control.
 *
 * The contract in meilisearch 0.62 (src/http-requests.ts): the client calls
 * `httpClient(url: URL, init: RequestInit)` and returns whatever it resolves to
 * as the parsed result, so we parse JSON ourselves ("" → undefined, as the SDK
 * does) and return a web ReadableStream for the streaming routes. Anything we
 * throw is wrapped in `MeilisearchRequestError(url, cause)`: a dead server
 * (ECONNREFUSED) thus arrives as the SDK's usual communication error, a
 * timeout as one whose cause is MeilisearchRequestTimeOutError, and API errors
 * are unwrapped again by surfaceApiErrors() below.
 */
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { Index, MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError, type Config, type MeilisearchErrorResponse } from "meilisearch";

export type HttpClient = NonNullable<Config["httpClient"]>;

export interface NodeHttpClient extends HttpClient {
  /** Closes the pooled sockets (they are unref'd and never hold the process open). */
  destroy(): void;
}

export interface NodeHttpClientOptions {
  /**
   * Per-request limit (default 10 s), covering the answer's head and body; a
   * streamed answer is unbounded once its head arrives. It is enforced here and
   * not with the SDK's `timeout`: in 0.62 that option, combined with the signal
   * waitTask() passes, leaks one abort listener per poll (MaxListenersExceeded
   * after 11 polls) and then does not time those requests out.
   */
  requestTimeoutMs?: number;
  /** Concurrent connections per server (default 32). */
  maxSockets?: number;
  /** Pooled sockets idle this long are closed (default 30 s). */
  idleSocketTimeoutMs?: number;
}

// Routes the SDK reads with getStream/postStream (chat completions only, in 0.62).
const STREAM_PATH = /\/chat\/completions$/;
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const TIMED_OUT = Symbol("request timeout");

export function createNodeHttpClient(options: NodeHttpClientOptions = {}): NodeHttpClient {
  surfaceApiErrors();
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const maxSockets = options.maxSockets ?? 32;
  const agentOptions: http.AgentOptions = {
    keepAlive: true,
    maxSockets,
    // A search sends two or three requests at once: with 10 searches in flight, keeping only 8 idle
    // sockets closed the rest after each burst and the next burst paid new connections.
    maxFreeSockets: maxSockets,
    // The agent destroys a *free* socket after this idle time; active requests are left alone.
    timeout: options.idleSocketTimeoutMs ?? 30_000,
    scheduling: "lifo",
  };
  const agents = { "http:": new http.Agent(agentOptions), "https:": new https.Agent(agentOptions) };

  const client = async (input: Parameters<HttpClient>[0], init: RequestInit = {}): Promise<unknown> => {
    const url = toUrl(input);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`unsupported protocol ${url.protocol}`);
    const body = toBuffer(init.body);
    const headers: http.OutgoingHttpHeaders = Object.fromEntries(new Headers(init.headers));
    headers["accept-encoding"] = "identity"; // see the top of this file; we parse the body as UTF-8 JSON
    if (body) headers["content-length"] = body.length; // one write, no chunked encoding
    const request: http.RequestOptions = { method: init.method ?? "GET", headers, agent: agents[url.protocol] };

    // One controller for the caller's signal and our deadline; the caller's reason is kept
    // (waitTask recognises its own timeout by it, as with fetch).
    const ac = new AbortController();
    const callerSignal = init.signal ?? undefined;
    if (callerSignal?.aborted) throw callerSignal.reason;
    const forward = () => ac.abort(callerSignal!.reason);
    callerSignal?.addEventListener("abort", forward, { once: true });
    const timer = setTimeout(() => ac.abort(TIMED_OUT), requestTimeoutMs).unref();
    try {
      const res = await send(url, request, body, ac.signal);
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300 && STREAM_PATH.test(url.pathname)) {
        return Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>;
      }
      const text = await readText(res, ac.signal);
      if (status >= 200 && status < 300) return text === "" ? undefined : JSON.parse(text);
      throw apiError(res, text);
    } catch (error) {
      // The SDK wraps it in MeilisearchRequestError, exactly like its own timeout.
      if (error === TIMED_OUT) throw new MeilisearchRequestTimeOutError(requestTimeoutMs, init);
      throw error;
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", forward);
    }
  };
  return Object.assign(client, {
    destroy() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  });
}

function toUrl(input: Parameters<HttpClient>[0]): URL {
  if (input instanceof URL) return input;
  if (typeof input === "string") return new URL(input);
  throw new TypeError("httpClient: Request objects are not supported (the SDK passes a URL)");
}

function toBuffer(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), "utf8");
  throw new TypeError("httpClient: unsupported body type (the SDK sends strings)");
}

/**
 * Sends the request and resolves with the response head. A reused pooled
 * socket that fails with ECONNRESET/EPIPE before any byte of the answer was,
 * almost always, closed by the server while idle (the request never reached the
 * engine): it is sent once more on a fresh connection, the retry Node's docs
 * suggest for keep-alive agents.
 */
function send(url: URL, request: http.RequestOptions, body: Buffer | undefined, signal: AbortSignal, retried = false) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const req = (url.protocol === "https:" ? https : http).request(url, request);
    const onAbort = () => {
      req.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    req.once("response", (res) => {
      signal.removeEventListener("abort", onAbort);
      resolve(res);
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      signal.removeEventListener("abort", onAbort);
      if (signal.aborted) return; // already rejected
      const stale = req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE");
      if (stale && !retried) resolve(send(url, request, body, signal, true));
      else reject(error);
    });
    req.end(body);
  });
}

function readText(res: http.IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onAbort = () => {
      res.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.once("end", () => {
      signal.removeEventListener("abort", onAbort);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    res.on("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      reject(error);
    });
  });
}

/** The same error the SDK builds from a fetch Response: `.cause` is Meilisearch's `{ message, code, type, link }`. */
function apiError(res: http.IncomingMessage, text: string): MeilisearchApiError {
  let parsed: MeilisearchErrorResponse | undefined;
  try {
    parsed = text ? (JSON.parse(text) as MeilisearchErrorResponse) : undefined;
  } catch {
    parsed = undefined; // not Meilisearch speaking (e.g. a proxy's HTML page): status text only
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  const status = res.statusCode ?? 500;
  const response = new Response(NULL_BODY_STATUS.has(status) ? null : text, { status, statusText: res.statusMessage ?? "", headers });
  return new MeilisearchApiError(response, parsed);
}

const SURFACED = Symbol.for("red-omil.meilisearch.surfaceApiErrors");

/**
 * The SDK wraps whatever a custom httpClient throws in MeilisearchRequestError,
 * so an `index_not_found` would reach callers as a "communication" error with
 * the API error hidden in `.cause`. Until the SDK changes this (meilisearch-js
 * PR #1979, open), HttpRequests' public methods are wrapped once per process to
 * rethrow the inner MeilisearchApiError. With fetch the cause is never an API
 * error, so clients without our httpClient are unaffected.
 */
function surfaceApiErrors(): void {
  // HttpRequests is not exported; an Index exposes an instance (no request is made).
  const proto = Object.getPrototypeOf(new Index({ host: "http://127.0.0.1" }, "_").httpRequest) as Record<PropertyKey, unknown>;
  if (proto[SURFACED]) return;
  for (const name of ["get", "post", "put", "patch", "delete", "getStream", "postStream"]) {
    const original = proto[name];
    if (typeof original !== "function") throw new Error(`meilisearch: HttpRequests.${name} not found; update app/search/http-client.server.ts`);
    proto[name] = function (this: unknown, ...args: unknown[]) {
      return (original.apply(this, args) as Promise<unknown>).catch((error: unknown) => {
        throw error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchApiError ? error.cause : error;
      });
    };
  }
  proto[SURFACED] = true;
}
