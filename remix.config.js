/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/__*.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Keep the embedded database and native/binary packages out of the server bundle.
  serverDependenciesToBundle: [],
};
