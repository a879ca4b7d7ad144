import type { Metadata } from "next";
import { forbidden, notFound, redirect } from "next/navigation";
import { getViewer } from "@/auth";
import { NotificationSettings } from "@/components/notify/notification-settings";
import { NotificationSourceNote } from "@/components/notify/notification-source";
import { AppErrorPanel } from "@/components/ui/error-panel";
import { createGitHubClient } from "@/lib/github/client";
import { isValidOwner } from "@/lib/names";
import { getOwnerAccess, type OwnerAccess } from "@/lib/notify/access";
import { listChannelViews } from "@/lib/notify/channels";
import { getNotificationSource } from "@/lib/notify/source";
import { signInPathFor, toPageError } from "@/lib/page-errors";

type Props = { params: Promise<{ owner: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner } = await params;
  return { title: isValidOwner(owner) ? `Notifications for ${owner}` : "Not found" };
}

/** /settings/{owner}: where tagwatch tells the owner's team about tags (administrators only). */
export default async function NotificationSettingsPage({ params }: Props) {
  const { owner: named } = await params;
  if (!isValidOwner(named)) notFound();
  const path = `/settings/${named}`;
  const viewer = await getViewer();
  if (!viewer) redirect(await signInPathFor(path));
  let access: OwnerAccess;
  try {
    access = await getOwnerAccess(createGitHubClient(viewer.accessToken), named);
  } catch (error) {
    return (
      <Frame owner={named}>
        <AppErrorPanel error={toPageError(error, path)} retryHref={path} />
      </Frame>
    );
  }
  // 403 with forbidden.tsx, as the API answers (it gives the specific reason).
  if (!access.allowed) forbidden();
  const [channels, source] = await Promise.all([
    listChannelViews(access.login),
    getNotificationSource(access.login),
  ]);
  return (
    <Frame owner={access.login}>
      <NotificationSourceNote owner={access.login} source={source} />
      <NotificationSettings owner={access.login} channels={channels} />
    </Frame>
  );
}

function Frame({ owner, children }: { owner: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto mt-6 max-w-3xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Notifications for {owner}</h1>
        <p className="text-sm text-fg-muted">
          Where tagwatch tells {owner}&apos;s team about its tags: Slack, Discord, Microsoft Teams
          or a signed webhook. Watch mode posts once per event, when a tag does not ship, is
          dispatched, ships, or its release run fails.
        </p>
      </div>
      {children}
    </div>
  );
}
