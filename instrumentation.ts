// Runs once when a server instance starts: a missing required setting stops start-up loudly,
// naming the variable, instead of failing on the first sign-in.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./lib/env");
  getEnv();
}
