import { afterEach, describe, expect, it } from "vitest";
import { can } from "~/permissions/permissions";
import { createLogger, getLogger, setLogger } from "~/utils/logger.server";
import { matrixActors } from "../../factories/actors";

/** The process logger swapped for one that keeps its JSON lines (the error log is the point here). */
function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const previous = getLogger();
  setLogger(createLogger({ level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } }));
  return { lines, restore: () => setLogger(previous) };
}

describe("an exception inside a permission rule", () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it("still denies, and is logged at error level with what was being decided", () => {
    const log = captureLog();
    restore = log.restore;
    // A malformed actor (no network list): the network rule throws a TypeError reading it.
    const broken = { ...matrixActors().memberStaff, memberNetworkIds: undefined } as never;
    expect(can(broken, "read", { type: "network", id: "net-a", regionCode: "16" })).toBe(false);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({
      level: 50,
      msg: "[permisos] la regla de «network» falló al decidir «read»; se niega el acceso",
      action: "read",
      resourceType: "network",
      err: { type: "TypeError" },
    });
  });

  it("a rule that simply says no logs nothing", () => {
    const log = captureLog();
    restore = log.restore;
    expect(can(null, "read", { type: "network", id: "net-a", regionCode: "16" })).toBe(false);
    expect(can(matrixActors().memberStaff, "fly", { type: "network", id: "net-a", regionCode: "16" })).toBe(false);
    expect(log.lines).toEqual([]);
  });
});
