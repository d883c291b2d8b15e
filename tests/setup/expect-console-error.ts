/** Lets the next `times` console.error calls pass without failing the test. */
export function expectConsoleError(times = 1) {
  const allowed = (globalThis as { __allowConsoleError?: { count: number } }).__allowConsoleError;
  if (allowed) allowed.count += times;
}
