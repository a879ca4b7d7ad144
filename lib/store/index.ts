import { processWide } from "@/lib/github/cache";
import { MemoryStore } from "./memory-store";
import type { KeyValueStore } from "./types";

export type { KeyValueStore } from "./types";

/** The store every instance of this deployment shares (in-process until a shared one is configured). */
export function getStore(): KeyValueStore {
  return processWide<KeyValueStore>("store", () => new MemoryStore());
}
