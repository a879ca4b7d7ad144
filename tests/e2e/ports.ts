import { execFileSync } from "node:child_process";

// Runs in a child process because Playwright loads the config synchronously; it holds every
// chosen port open until all are chosen, so two requests never get the same one.
const PICK = `
const net = require("node:net");
const wanted = JSON.parse(process.argv[1]);
const held = [];
const listen = (port) => new Promise((resolve) => {
  const server = net.createServer();
  server.once("error", () => resolve(null));
  server.listen(port, () => resolve(server));
});
(async () => {
  const ports = [];
  for (const preferred of wanted) {
    const server = (await listen(preferred)) ?? (await listen(0));
    held.push(server);
    ports.push(server.address().port);
  }
  for (const server of held) server.close();
  process.stdout.write(JSON.stringify(ports));
})();
`;

/** The preferred ports where they are free, otherwise ports the system says are free. */
export function pickFreePorts(preferred: number[]): number[] {
  const output = execFileSync(process.execPath, ["-e", PICK, JSON.stringify(preferred)], {
    encoding: "utf8",
  });
  return JSON.parse(output) as number[];
}
