/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/__*.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Bundle the server's dependencies into build/index.js: the portal then loads one file instead of
  // thousands of modules (cold start, docs/decisions/0100). Left out: the embedded database (WASM
  // beside its module), the Meilisearch binary package, and packages that read files next to their
  // own modules (ioredis, pino's transports) or load optional native code (pg).
  serverDependenciesToBundle: [/^(?!(?:@electric-sql\/pglite|@gaubee\/|ioredis$|pino|thread-stream$|sonic-boom$|pg$|pg-))/],
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
};
