import { describe, expect, it } from "vitest";
import { createPinoCollabLogger } from "../../../collab-server/logger";
import { loadStandaloneConfig } from "../../../collab-server/config";
import { loggablePath } from "../../../server/app";
import { loadEnv } from "~/env.server";
import { createLogger } from "~/utils/logger.server";

/** A pino logger writing into an array of parsed lines. */
function capture(level: "debug" | "info" | "warn" = "info") {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

describe("logging (pino)", () => {
  it("refuses an invalid LOG_LEVEL at boot, in the portal and in npm run collab", () => {
    expect(() => loadEnv({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL debe ser uno de: fatal, error, warn, info, debug, trace, silent/);
    expect(loadEnv({ LOG_LEVEL: "debug" }).LOG_LEVEL).toBe("debug");
    expect(loadEnv({}).LOG_LEVEL).toBe("info");
    const collabEnv = { NODE_ENV: "test", COLLAB_SECRET: "x".repeat(32), COLLAB_ALLOWED_ORIGINS: "http://localhost:3000", DATA_DIR: "/tmp/x" } as const;
    expect(() => loadStandaloneConfig({ ...collabEnv, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(loadStandaloneConfig({ ...collabEnv, LOG_LEVEL: "warn" }).logLevel).toBe("warn");
  });

  it("hides credentials: cookies, authorization, tokens and passwords", () => {
    const { logger, lines } = capture();
    logger.info({ headers: { cookie: "session=abc", authorization: "Bearer x" }, token: "t", password: "p", path: "/" }, "pedido");
    expect(JSON.stringify(lines[0])).not.toMatch(/session=abc|Bearer x|"t"|"p"/);
    expect(lines[0]).toMatchObject({ msg: "pedido", path: "/", token: "[oculto]" });
  });

  it("request paths lose their query string and secret segments", () => {
    expect(loggablePath("/restablecer?token=abc123")).toBe("/restablecer");
    expect(loggablePath("/ical/sEcReT-token.ics")).toBe("/ical/[oculto]");
    expect(loggablePath("/invitacion/abcdef?x=1")).toBe("/invitacion/[oculto]");
    expect(loggablePath("/redes/123/metas")).toBe("/redes/123/metas");
  });

  it("the collab logger keeps its interface on pino: event and fields per line, levels, isEnabled", () => {
    const { logger, lines } = capture("info");
    const collab = createPinoCollabLogger(logger);
    collab.debug("dropped at info");
    collab.info("document stored", { documentName: "proposal:1", bytes: 10 });
    collab.error("document store failed", { error: new Error("disco lleno") });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 30, component: "collab", event: "document stored", msg: "document stored", documentName: "proposal:1", bytes: 10 });
    expect(lines[1]).toMatchObject({ level: 50, event: "document store failed", error: { name: "Error", message: "disco lleno" } });
    expect(collab.isEnabled!("debug")).toBe(false);
    expect(collab.isEnabled!("info")).toBe(true);
    expect(collab.isEnabled!("error")).toBe(true);
  });
});
