import { startPortal } from "../support/portal";
const portal = await startPortal();
await new Promise((r) => setTimeout(r, 4000));
console.log(portal.output().split("\n").filter((l) => /propuest|error|Error|warn/i.test(l)).join("\n"));
await portal.stop();
