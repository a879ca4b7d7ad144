import NextAuth from "next-auth";
import { getAuthOptions } from "@/auth";
import { AppError } from "@/lib/errors";
import { authQueryProblem } from "@/lib/redirects";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(request: Request, context: Context) {
  const problem = authQueryProblem(new URL(request.url));
  if (problem) return new AppError("invalid-input", problem).toResponse();
  return NextAuth(request as never, context as never, getAuthOptions());
}

export { handler as GET, handler as POST };
