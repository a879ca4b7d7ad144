import { getRepositoryHealth } from "@/lib/health";
import type { ExpectedAssetRules, RepositorySnapshot, TagHealth } from "@/lib/health/types";
import { NOW } from "./factories";

export function healthOf(input: RepositorySnapshot, expectedAssets?: ExpectedAssetRules) {
  return getRepositoryHealth(input, { now: NOW, expectedAssets });
}

export function tagOf(input: RepositorySnapshot, name: string): TagHealth {
  const found = healthOf(input).tags.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no tag ${name} in the health result`);
  return found;
}
