import { z } from "zod";
import { AppError } from "@/lib/errors";

// The fields of each event's payload that the webhook handlers (webhooks.ts, lifecycle.ts) read,
// checked before anything is acted on: a correctly signed delivery without them is a 400 that
// names the field, never a handler failing halfway. Only those fields: GitHub adds others freely.

const id = z.number().int();
const repository = z.object({ full_name: z.string().min(1), node_id: z.string().min(1) });
const installation = z.object({ id });
const listed = z.array(
  z.object({ full_name: z.string().optional(), node_id: z.string().optional() }),
);
const login = z.object({ login: z.string().min(1) });

/** By event name, and by `event.action` for what only that action carries. */
const SCHEMAS: Record<string, z.ZodType> = {
  push: z.object({
    ref: z.string(),
    deleted: z.boolean(),
    repository,
    installation: installation.optional(),
  }),
  create: z.object({
    ref: z.string(),
    ref_type: z.string(),
    repository,
    installation: installation.optional(),
  }),
  workflow_run: z.object({
    action: z.string(),
    repository,
    installation: installation.optional(),
  }),
  release: z.object({ repository, installation: installation.optional() }),
  installation: z.object({ action: z.string(), installation, repositories: listed.optional() }),
  installation_repositories: z.object({
    action: z.string(),
    installation,
    repositories_added: listed,
    repositories_removed: listed,
  }),
  repository: z.object({
    action: z.string(),
    repository: repository.extend({ name: z.string().min(1), owner: login }),
    installation: installation.optional(),
  }),
  "repository.renamed": z.object({
    changes: z.object({ repository: z.object({ name: z.object({ from: z.string().min(1) }) }) }),
  }),
  "repository.transferred": z.object({
    changes: z.object({
      owner: z.object({
        from: z.object({ organization: login.optional(), user: login.optional() }),
      }),
    }),
  }),
  github_app_authorization: z.object({ action: z.string(), sender: z.object({ id }) }),
};

function check(schema: z.ZodType | undefined, payload: object, what: string): void {
  if (!schema) return;
  const parsed = schema.safeParse(payload);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : "the body";
  throw new AppError(
    "invalid-input",
    `The ${what} delivery's payload is not as GitHub sends it: ${field}: ${issue?.message ?? "invalid"}.`,
  );
}

/**
 * Throws a 400 AppError naming the first field a handled event's payload lacks; events tagwatch
 * does not handle pass unread.
 */
export function assertPayloadOf(event: string, payload: object): void {
  check(SCHEMAS[event], payload, event);
  const action = (payload as { action?: unknown }).action;
  if (typeof action === "string")
    check(SCHEMAS[`${event}.${action}`], payload, `${event}.${action}`);
}
