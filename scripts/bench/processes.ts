import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

// Child processes of the benchmark. Each runs in its own process group (detached) so that killing
// the group also ends what it started (tsx's node, next-server); every one is killed on exit.

export const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export type Child = { name: string; process: ChildProcess; output: () => string };

const children = new Set<Child>();

function killGroup(child: Child, signal: NodeJS.Signals): void {
  const pid = child.process.pid;
  if (pid === undefined || child.process.exitCode !== null || child.process.signalCode !== null)
    return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills every child's process group right away (safe in an 'exit' handler: synchronous). */
export function killAllNow(): void {
  for (const child of children) killGroup(child, "SIGKILL");
  children.clear();
}

/** Stops one child: SIGTERM to its group, SIGKILL after `graceMs`. */
export async function stop(child: Child, graceMs = 3000): Promise<void> {
  children.delete(child);
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once("exit", () => resolve()));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs + 2000))]);
  clearTimeout(timer);
  // Whatever the group started and left behind (next-server under tsx) goes too.
  killGroup(child, "SIGKILL");
}

/** Starts `tsx <script> ...args` from the project root in its own process group. */
export function startTsx(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
): Child {
  const spawned = spawn(TSX, [script, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  spawned.stdout?.on("data", keep);
  spawned.stderr?.on("data", keep);
  const child: Child = { name, process: spawned, output: () => output };
  children.add(child);
  return child;
}

/** Runs a command to completion (inheriting stdio) within `timeoutMs`; resolves with its exit code. */
export function run(command: string, args: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const spawned = spawn(command, args, { cwd: ROOT, detached: true, stdio: "inherit" });
    const child: Child = { name: command, process: spawned, output: () => "" };
    children.add(child);
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} took longer than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    spawned.once("error", reject);
    spawned.once("exit", (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve(code ?? 1);
    });
  });
}

/** A TCP port nobody listens on right now, preferring `preferred`. */
export async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : null));
      });
    });
  for (let port = preferred; port < preferred + 20; port++) {
    const found = await tryPort(port);
    if (found !== null) return found;
  }
  const any = await tryPort(0);
  if (any === null) throw new Error("No free TCP port");
  return any;
}

/** Polls `url` until it answers with a status below 500, or fails after `timeoutMs`. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 1000 && Date.now() < deadline; attempt++) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(
        `${child.name} exited (${child.process.exitCode ?? child.process.signalCode}):\n${child.output()}`,
      );
    }
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `${child.name} did not answer ${url} within ${timeoutMs / 1000} s:\n${child.output()}`,
  );
}
