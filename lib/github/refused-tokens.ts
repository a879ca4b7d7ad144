import "server-only";
import { getStore } from "@/lib/store";
import { processWide, TtlCache } from "@/lib/store/process-cache";
import { storeKeyOf } from "@/lib/store/shared-cache";

// A token GitHub answered 401 for (revoked, expired, deleted) never works again. Remembered by its
// key so that no request starting after the first 401 asks GitHub with it: at once in this process
// (the client checks before every call), through the store on other instances (auth.ts checks
// when a request reads its session).

/** Longer than any session lives (SESSION_SECONDS in lib/session-revocation.ts): none outlives it. */
const REMEMBERED_SECONDS = 24 * 60 * 60;

function here(): TtlCache<true> {
  return processWide("refused-tokens", () => new TtlCache<true>(10_000));
}

function storeKey(tokenKey: string): string {
  return storeKeyOf("token-refused", tokenKey);
}

/** GitHub refused the token with this key (`tokenKeyOf`): nothing asks with it again. */
export async function rememberRefusedToken(tokenKey: string): Promise<void> {
  here().set(tokenKey, true, REMEMBERED_SECONDS * 1000);
  await getStore().set(storeKey(tokenKey), "1", { ttlSeconds: REMEMBERED_SECONDS });
}

/** Whether this process saw GitHub refuse the token (no I/O: checked before every call). */
export function wasRefusedHere(tokenKey: string): boolean {
  return here().peek(tokenKey) === true;
}

/** Whether GitHub refused the token, on this instance or another. */
export async function isTokenRefused(tokenKey: string): Promise<boolean> {
  if (wasRefusedHere(tokenKey)) return true;
  if ((await getStore().get(storeKey(tokenKey))) === null) return false;
  here().set(tokenKey, true, REMEMBERED_SECONDS * 1000);
  return true;
}
