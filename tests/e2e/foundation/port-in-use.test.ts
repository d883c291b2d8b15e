import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * `npm start` on a port another program holds: one Spanish line, exit 1 — and nothing done first
 * (no data dir locked or created, no demo seeded, no one-time passwords printed and lost).
 */
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

describe("the portal on a port already in use", () => {
  it("stops before touching the data dir, with a Spanish message", async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-port-"));
    try {
      const child = spawn(process.execPath, ["server/start.js"], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", BASE_URL: `http://localhost:${port}`, DATA_DIR: dataDir, SEARCH_DISABLED: "1", DATABASE_URL: "", REDIS_URL: "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code, output).toBe(1);
      expect(output).toContain(`El puerto ${port} ya está en uso`);
      expect(output).not.toContain("contraseña");
      expect(fs.existsSync(path.join(dataDir, "pgdata"))).toBe(false);
    } finally {
      squatter.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
