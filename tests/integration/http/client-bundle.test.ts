import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { requireBuild } from "./tagwatch";

// The browser is sent .next/static; nothing server-only may be compiled into it. The production
// build scanned here is the one the other tests in this folder start (it must be current).

const STATIC = path.resolve(__dirname, "../../../.next/static");

function files(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const FORBIDDEN = [
  "tagwatch-demo-secret",
  "sim_token_",
  "gho_",
  "accessToken",
  "AUTH_SECRET",
  "AUTH_GITHUB_SECRET",
  "NEXTAUTH_SECRET",
  "GITHUB_TOKEN",
  "x-github-api-version",
  "bearer ${",
];

it("the client bundle holds no token, secret or GitHub client code", () => {
  requireBuild();
  const chunks = files(STATIC).filter((file) => /\.(js|css|json)$/.test(file));
  expect(chunks.length).toBeGreaterThan(3);
  const contents = chunks.map((file) => ({
    file: path.relative(STATIC, file),
    text: readFileSync(file, "latin1"),
  }));
  for (const needle of FORBIDDEN) {
    expect(
      contents.filter(({ text }) => text.includes(needle)).map(({ file }) => file),
      needle,
    ).toEqual([]);
  }
});
