import type { ExpectedAssetRules, RepositorySnapshot } from "@/lib/health/types";
import { getRepositoryHealth, type TagHealth } from "@/lib/repository/health";
import { NOW } from "./factories";

export function healthOf(input: RepositorySnapshot, expectedAssets?: ExpectedAssetRules) {
  return getRepositoryHealth(input, { now: NOW, expectedAssets });
}

export function tagOf(input: RepositorySnapshot, name: string): TagHealth {
  const found = healthOf(input).tags.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no tag ${name} in the health result`);
  return found;
}
