"use client";

import { useSyncExternalStore } from "react";
import { buttonClasses } from "@/components/ui/button";
import { PinIcon } from "@/components/ui/icons/pin-icon";
import { PinSlashIcon } from "@/components/ui/icons/pin-slash-icon";

// Pinned repositories live in this browser only (localStorage): no account data on the server.

const STORAGE_KEY = "tagwatch:pinned-repositories";
const EMPTY: readonly string[] = [];
const listeners = new Set<() => void>();

let cachedRaw: string | null = null;
let cachedPins: readonly string[] = EMPTY;

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage disabled (privacy mode): nothing pinned.
    return null;
  }
}

function getPins(): readonly string[] {
  const raw = readRaw();
  if (raw === cachedRaw) return cachedPins;
  cachedRaw = raw;
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    cachedPins = Array.isArray(parsed)
      ? parsed.filter((entry): entry is string => typeof entry === "string")
      : EMPTY;
  } catch {
    cachedPins = EMPTY;
  }
  return cachedPins;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Other tabs pinning or unpinning.
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

function togglePin(repository: string): void {
  const pins = getPins();
  const next = pins.includes(repository)
    ? pins.filter((pin) => pin !== repository)
    : [...pins, repository];
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    return;
  }
  for (const listener of listeners) listener();
}

/** The repositories ("owner/name") pinned in this browser; empty while rendering on the server. */
export function usePinnedRepositories(): readonly string[] {
  return useSyncExternalStore(subscribe, getPins, () => EMPTY);
}

/** Pins a repository to the top of the overview, or unpins it. */
export function PinToggle({ repository }: { repository: string }) {
  const pinned = usePinnedRepositories().includes(repository);
  const label = `${pinned ? "Unpin" : "Pin"} ${repository}`;
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={() => togglePin(repository)}
      className={`${buttonClasses("invisible", "small")} ${pinned ? "text-fg" : "text-fg-muted"}`}
    >
      {pinned ? <PinSlashIcon size={16} aria-hidden /> : <PinIcon size={16} aria-hidden />}
    </button>
  );
}
