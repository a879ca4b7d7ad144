import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer } from "@/auth";
import { SignInButton } from "@/components/site/sign-in-button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { safeCallbackPath } from "@/lib/redirects";

export const metadata: Metadata = { title: "Sign in" };

const SIGN_IN_ERRORS: Record<string, string> = {
  OAuthCallback: "GitHub did not complete the sign-in. Try again.",
  OAuthSignin: "tagwatch could not start the sign-in with GitHub. Check the OAuth app settings.",
  AccessDenied: "You cancelled the authorization on GitHub.",
  Callback: "GitHub did not complete the sign-in. Try again.",
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getViewer()) redirect(callbackUrl);
  const errorCode = typeof params.error === "string" ? params.error : null;
  return (
    <div className="mx-auto mt-10 max-w-md space-y-6">
      <div className="space-y-2 text-center">
        <h1 className="text-2xl font-semibold">Sign in to tagwatch</h1>
        <p className="text-sm text-fg-muted">
          tagwatch reads your tags, workflow runs and releases with your GitHub account. Your GitHub
          token stays on the server.
        </p>
      </div>
      {errorCode ? (
        <ErrorPanel
          title="Sign-in did not work"
          message={SIGN_IN_ERRORS[errorCode] ?? "Something went wrong during sign-in. Try again."}
        />
      ) : null}
      <div className="flex justify-center">
        <SignInButton callbackUrl={callbackUrl} />
      </div>
    </div>
  );
}
