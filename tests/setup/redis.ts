import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { freePort } from "../integration/collab/standalone-process";

/*
 * Redis for tests: the machine's (127.0.0.1:6379, or TEST_REDIS_URL) with a
 * unique channel prefix per test, or a private `redis-server` on a random port
 * that a test may stop and start again (outages).
 */

export const sharedRedisUrl = () => process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export const uniqueRedisPrefix = () => `test-${randomUUID().slice(0, 8)}:`;

export interface PrivateRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function waitUntilAnswers(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch {
      probe.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server no respondió en ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await waitUntilAnswers(url);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url, port, start, stop };
}
