import { getViewer } from "@/auth";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * 403: the person may not change these notifications. forbidden.tsx gets no props (not even the
 * owner), so it says the rule and who is signed in.
 */
export default async function NotificationsForbidden() {
  const viewer = await getViewer();
  const who = viewer ? `You are signed in as ${viewer.login}. ` : "";
  return (
    <div className="mx-auto mt-6 max-w-3xl">
      <EmptyState
        title="You cannot change these notifications"
        headingLevel="h1"
        message={`${who}Only an organisation's owners on GitHub, or a user for their own account, can set where its notifications go.`}
      >
        <a href="/" className="text-accent underline underline-offset-2">
          Go to tagwatch&apos;s home
        </a>
      </EmptyState>
    </div>
  );
}
