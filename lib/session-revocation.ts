import "server-only";
import { getStore } from "@/lib/store";
import { storeKeyOf } from "@/lib/store/shared-cache";

// A person who revoked tagwatch's authorization on GitHub (github_app_authorization revoked):
// sessions live only in their encrypted cookies, so the store keeps the revocation's time and a
// session signed in before it is no longer used; the person is asked to sign in again.

/** How long a session lives (auth.ts); a revocation older than that has no session left to stop. */
export const SESSION_SECONDS = 8 * 60 * 60;

function revokedKey(userId: string): string {
  return storeKeyOf("sessions-revoked", userId);
}

/** Every session of this GitHub user signed in before `at` is no longer used. */
export async function revokeSessions(userId: number | string, at: Date): Promise<void> {
  await getStore().set(revokedKey(String(userId)), at.toISOString(), {
    ttlSeconds: SESSION_SECONDS,
  });
}

/** Whether a session of this user, signed in at `signedInAt` (ms), was revoked since. */
export async function isSessionRevoked(userId: string, signedInAt: number): Promise<boolean> {
  const at = await getStore().get(revokedKey(userId));
  return at !== null && signedInAt <= Date.parse(at);
}

function shownKey(tokenKey: string): string {
  return storeKeyOf("sign-out-shown", tokenKey);
}

/**
 * The sign-in page said why the session holding this token (`tokenKeyOf`) ended. An answer that
 * ends it again afterwards (a request sent before, answered late) does not make it say so twice.
 */
export async function rememberSignOutShown(tokenKey: string): Promise<void> {
  await getStore().set(shownKey(tokenKey), "1", { ttlSeconds: SESSION_SECONDS });
}

/** Whether the sign-in page already said why the session holding this token ended. */
export async function wasSignOutShown(tokenKey: string): Promise<boolean> {
  return (await getStore().get(shownKey(tokenKey))) !== null;
}
