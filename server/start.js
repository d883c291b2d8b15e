// `npm start`: the portal, as plain `node` on the Remix build (docs/decisions/0100).
import { loadFromBuild, root, run } from "./load-build.js";

const { build, entry: startPortal } = await loadFromBuild("startPortal");
run("portal", () => startPortal({ build, root }));
