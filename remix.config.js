/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/__*.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Keep the embedded database and native/binary packages out of the server bundle.
  serverDependenciesToBundle: [],
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
};
