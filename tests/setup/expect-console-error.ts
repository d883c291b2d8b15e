/** Lets the next `times` console.error calls or error-level log lines (pino) pass without failing the test. */
export function expectConsoleError(times = 1) {
  const allowed = (globalThis as { __allowConsoleError?: { count: number } }).__allowConsoleError;
  if (allowed) allowed.count += times;
}
