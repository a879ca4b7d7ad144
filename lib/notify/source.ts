import "server-only";
import { getAppSettings, getInstallUrl, listInstallations } from "@/lib/github/app";

// Notifications come from watch mode: what the settings page says about the App for an owner.

export type NotificationSource =
  /** GITHUB_APP_ID is not set: nothing watches, nothing is posted. */
  | { kind: "off" }
  /** The App is not installed on the owner's account: its repositories are not watched. */
  | { kind: "not-installed"; installUrl: string | null }
  | { kind: "installed" }
  /** GitHub did not say; the page says it could not tell. */
  | { kind: "unknown" };

/** Whether the tagwatch App watches the owner's repositories (and so can notify). */
export async function getNotificationSource(owner: string): Promise<NotificationSource> {
  if (!getAppSettings()) return { kind: "off" };
  try {
    const installations = await listInstallations();
    const installed = installations.some(
      (installation) => installation.account.toLowerCase() === owner.toLowerCase(),
    );
    return installed
      ? { kind: "installed" }
      : { kind: "not-installed", installUrl: getInstallUrl() };
  } catch {
    return { kind: "unknown" };
  }
}
