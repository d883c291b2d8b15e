import { describe, expect, it } from "vitest";
import { loadEnv } from "~/env.server";

const SECRET = "unit-secret-unit-secret-unit-secret-0123";

describe("COLLAB_INTERNAL_URLS", () => {
  it("lists the standalone collab processes without trailing slashes (none when unset)", () => {
    expect(loadEnv({}).collabInternalUrls).toEqual([]);
    const env = loadEnv({ COLLAB_SECRET: SECRET, COLLAB_INTERNAL_URLS: " http://collab-1:1234/ , https://collab-2.internal/base/,," });
    expect(env.collabInternalUrls).toEqual(["http://collab-1:1234", "https://collab-2.internal/base"]);
  });

  it("refuses URLs that are not http(s), a short secret, and URLs without the shared secret", () => {
    expect(() => loadEnv({ COLLAB_SECRET: SECRET, COLLAB_INTERNAL_URLS: "collab-1:1234" })).toThrow(/COLLAB_INTERNAL_URLS: URL inválida: collab-1:1234/);
    expect(() => loadEnv({ COLLAB_SECRET: SECRET, COLLAB_INTERNAL_URLS: "http://ok:1,ftp://x" })).toThrow(/URL inválida: ftp:\/\/x/);
    expect(() => loadEnv({ COLLAB_SECRET: "short" })).toThrow(/COLLAB_SECRET/);
    expect(() => loadEnv({ COLLAB_INTERNAL_URLS: "http://collab-1:1234" })).toThrow(/requiere COLLAB_SECRET/);
  });
});
