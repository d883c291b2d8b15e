import { afterEach, describe, expect, it, vi } from "vitest";
import { can } from "~/permissions/permissions";
import { matrixActors } from "../../factories/actors";

describe("an exception inside a permission rule", () => {
  afterEach(() => vi.restoreAllMocks());

  it("still denies, and is logged at error level with what was being decided", () => {
    const reported: unknown[][] = [];
    // Replaces the suite's fail-on-console.error spy for this test: the error log is the point.
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void reported.push(args));
    // A malformed actor (no network list): the network rule throws a TypeError reading it.
    const broken = { ...matrixActors().memberStaff, memberNetworkIds: undefined } as never;
    expect(can(broken, "read", { type: "network", id: "net-a", regionCode: "16" })).toBe(false);
    expect(reported).toHaveLength(1);
    const [message, context, error] = reported[0];
    expect(message).toBe("[permisos] la regla de «network» falló al decidir «read»; se niega el acceso");
    expect(context).toMatchObject({ action: "read", resourceType: "network" });
    expect(error).toBeInstanceOf(TypeError);
  });

  it("a rule that simply says no logs nothing", () => {
    const spy = vi.spyOn(console, "error");
    expect(can(null, "read", { type: "network", id: "net-a", regionCode: "16" })).toBe(false);
    expect(can(matrixActors().memberStaff, "fly", { type: "network", id: "net-a", regionCode: "16" })).toBe(false);
    expect(spy).not.toHaveBeenCalled();
  });
});
