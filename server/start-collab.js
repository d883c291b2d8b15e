// `npm run collab`: the standalone collab server, as plain `node` on the Remix build (docs/decisions/0100).
import { loadFromBuild, run } from "./load-build.js";

const { entry: startStandaloneCollab } = await loadFromBuild("startStandaloneCollab");
run("collab", () => startStandaloneCollab());
