/*
 * Startup and idle memory of the portal (`npm run bench:startup`, after `npm run build`).
 * Seeds a fresh DATA_DIR once, then measures cold starts of `node server/start.js`
 * (what `npm start` runs: plain node on the Remix build) from spawn to the first
 * 200 on `/`, against a peer measured in the same run: a bare Node HTTP server
 * (`node -e`), i.e. the floor of "start a process and answer". Also prints the
 * portal's own boot phases (ms since process start), the CPU time it used to get
 * there (less sensitive to a loaded machine than wall time), and idle RSS.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor200(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no 200 from ${url}`);
}

function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

function childPids(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** user + system CPU seconds of a live process, from /proc (clock ticks of 1/100 s). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

async function startPortal(dataDir: string) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["server/start.js"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, BASE_URL: `http://localhost:${port}`, DATABASE_URL: "", MEILI_URL: "", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  let phases: Record<string, number> | undefined;
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.includes('"phases"')) phases = (JSON.parse(line) as { phases: Record<string, number> }).phases;
  });
  await waitFor200(`http://127.0.0.1:${port}/`, child);
  return { child, ms: performance.now() - started, cpu: cpuMs(child.pid), phases };
}

async function startPeer() {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["-e", `require("node:http").createServer((q,s)=>s.end("ok")).listen(${port},"127.0.0.1")`], { cwd: root, stdio: "ignore" });
  await waitFor200(`http://127.0.0.1:${port}/`, child);
  return { child, ms: performance.now() - started };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!fs.existsSync(path.join(root, "build", "index.js"))) throw new Error("run `npm run build` first");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-bench-startup-"));
  try {
    const first = await startPortal(dataDir);
    console.log(`first start on an empty DATA_DIR (migrations + demo data): ${first.ms.toFixed(0)} ms`);
    await stop(first.child);

    const ours: number[] = [];
    const cpu: number[] = [];
    const peer: number[] = [];
    const phaseRuns: Record<string, number>[] = [];
    let memory = { portal: NaN, meili: NaN };
    for (let i = 0; i < RUNS; i += 1) {
      const run = await startPortal(dataDir);
      ours.push(run.ms);
      cpu.push(run.cpu);
      if (run.phases) phaseRuns.push(run.phases);
      if (i === RUNS - 1) {
        await new Promise((r) => setTimeout(r, 5000)); // idle
        const meiliPid = childPids(run.child.pid!).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("meilisearch"));
        memory = { portal: rssMb(run.child.pid), meili: rssMb(meiliPid) };
      }
      await stop(run.child);
      const p = await startPeer();
      peer.push(p.ms);
      await stop(p.child);
    }
    console.log(`cold start to first 200 on / : ${ours.map((m) => m.toFixed(0)).join(", ")} ms`);
    console.log(`peer (bare node http, node -e): ${peer.map((m) => m.toFixed(0)).join(", ")} ms`);
    console.log(`portal CPU (user+sys) until the first 200: ${cpu.map((m) => m.toFixed(0)).join(", ")} ms`);
    for (const name of Object.keys(phaseRuns[0] ?? {})) {
      console.log(`  phase ${name.padEnd(15)} at ${phaseRuns.map((p) => String(p[name])).join(", ")} ms since process start`);
    }
    console.log(`idle memory after 5 s: portal ${memory.portal.toFixed(0)} MB RSS, meilisearch ${memory.meili.toFixed(0)} MB RSS; machine load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
    console.log(`cold start p50 ours ${median(ours).toFixed(0)} ms; peer ${median(peer).toFixed(0)} ms; ratio ${(median(ours) / median(peer)).toFixed(1)} (goal: ours ≤ 2000 ms)`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
