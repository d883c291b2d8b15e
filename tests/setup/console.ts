import { afterEach, beforeEach, vi } from "vitest";

// An unexpected console.error fails the test. Tests that expect one call
// `expectConsoleError()` (tests/setup/expect-console-error.ts) first.
let errorSpy: ReturnType<typeof vi.spyOn> | undefined;
const allowed = { count: 0 };
(globalThis as { __allowConsoleError?: typeof allowed }).__allowConsoleError = allowed;

beforeEach(() => {
  allowed.count = 0;
  errorSpy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (allowed.count > 0) {
      allowed.count -= 1;
      return;
    }
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});

afterEach(() => {
  errorSpy?.mockRestore();
});
