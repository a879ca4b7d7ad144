import { readFileSync } from "node:fs";
import os from "node:os";
import type { Machine } from "./types";

// The bench's command-line options (scripts/bench.ts lists them) and the machine it runs on.

export type Options = {
  latency: number;
  runs: number;
  badgeSeconds: number;
  timeLimitS: number;
  appPort: number;
  simPort: number;
  build: boolean;
  browser: boolean;
  quick: boolean;
  twoInstances: boolean;
  strict: boolean;
};

export function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    if (index !== -1) return argv[index + 1];
    return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const number = (name: string, fallback: number, min: number, maxValue: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed < min || parsed > maxValue)
      throw new Error(`--${name} must be a number from ${min} to ${maxValue}`);
    return parsed;
  };
  return {
    latency: number("latency", 100, 0, 5000),
    runs: Math.round(number("runs", 5, 1, 50)),
    badgeSeconds: number("badge-seconds", 5, 1, 60),
    timeLimitS: number("time-limit", 900, 30, 7200),
    appPort: Math.round(number("app-port", 3300, 1024, 65535)),
    simPort: Math.round(number("sim-port", 4300, 1024, 65535)),
    build: argv.includes("--build"),
    browser: !argv.includes("--no-browser"),
    quick: argv.includes("--quick"),
    twoInstances: !argv.includes("--no-two-instances"),
    strict: argv.includes("--strict"),
  };
}

export function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? "unknown CPU";
  try {
    cpu =
      /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: os.cpus() is good enough.
  }
  return {
    cpu,
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    load: { start: os.loadavg()[0] ?? 0, end: null },
  };
}
