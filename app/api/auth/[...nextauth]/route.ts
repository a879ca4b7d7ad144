import NextAuth from "next-auth";
import { clearUnusableCallbackCookie, getAuthOptions } from "@/auth";
import { AppError } from "@/lib/errors";
import { authQueryProblem } from "@/lib/redirects";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  const problem = authQueryProblem(new URL(request.url));
  if (problem) return new AppError("invalid-input", problem).toResponse();
  if (await clearUnusableCallbackCookie()) {
    return new AppError(
      "invalid-input",
      "The cookie saying where to return after sign-in held no address. It is cleared: try again.",
    ).toResponse();
  }
  return NextAuth(request as never, context as never, getAuthOptions());
}

export { handler as GET, handler as POST };
