import { cookies } from "next/headers";
import NextAuth from "next-auth";
import { getAuthOptions } from "@/auth";
import { AppError } from "@/lib/errors";
import { authQueryProblem, isCallbackUrl } from "@/lib/redirects";

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth's cookie of where to return after sign-in, by its names without and with HTTPS. */
const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

async function handler(request: Request, context: Context) {
  const problem = authQueryProblem(new URL(request.url));
  if (problem) return new AppError("invalid-input", problem).toResponse();
  // While that cookie holds something that is no address, next-auth answers every one of its
  // routes with a 500, so that browser could never sign in again: the answer clears it instead.
  const jar = await cookies();
  const stale = CALLBACK_COOKIES.filter((name) => {
    const value = jar.get(name)?.value;
    return value !== undefined && !isCallbackUrl(value);
  });
  if (stale.length > 0) {
    const response = new AppError(
      "invalid-input",
      "The cookie saying where to return after sign-in held no address. It is cleared: try again.",
    ).toResponse();
    for (const name of stale) {
      const secure = name.startsWith("__Secure-") ? "; Secure" : "";
      response.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly${secure}`);
    }
    return response;
  }
  return NextAuth(request as never, context as never, getAuthOptions());
}

export { handler as GET, handler as POST };
