import { afterEach, beforeEach, vi } from "vitest";
import { createLogger, isLogLevel, setLogger } from "~/utils/logger.server";

// An unexpected console.error, or an error-level line of the process logger (pino), fails the
// test. Tests that expect one call `expectConsoleError()` (tests/setup/expect-console-error.ts) first.
let errorSpy: ReturnType<typeof vi.spyOn> | undefined;
const allowed = { count: 0 };
(globalThis as { __allowConsoleError?: typeof allowed }).__allowConsoleError = allowed;
const unexpectedLogLines: string[] = [];

// Warnings and errors are echoed on stderr; LOG_LEVEL=debug shows more.
setLogger(
  createLogger({
    level: isLogLevel(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : "warn",
    destination: {
      write(line: string) {
        process.stderr.write(line);
        let level = 0;
        try {
          level = (JSON.parse(line) as { level?: number }).level ?? 0;
        } catch {
          return;
        }
        if (level < 50) return;
        if (allowed.count > 0) allowed.count -= 1;
        else unexpectedLogLines.push(line.trim());
      },
    },
  }),
);

beforeEach(() => {
  allowed.count = 0;
  unexpectedLogLines.length = 0;
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
  if (unexpectedLogLines.length > 0) {
    const lines = unexpectedLogLines.splice(0);
    throw new Error(`error-level log line(s) during the test:\n${lines.join("\n")}`);
  }
});
