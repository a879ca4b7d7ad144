import type { GraphQLSchema } from "graphql";
import type { QStash } from "../qstash/qstash";
import type { Sinks } from "../sink/sinks";
import type { World } from "../state/world";
import type { AppManifests } from "../web/app-pages";
import type { OAuthCode } from "../web/oauth";
import type { Webhooks } from "../webhooks/webhooks";
import type { Faults } from "./faults";
import type { RateLimits } from "./rate-limits";
import type { ContentCreationLimit } from "./secondary-limits";

// What the HTTP handlers read and change of the running simulator (server.ts's Simulator).

export type Kind = "graphql" | "rest" | "oauth" | "web";

/** One entry of `GET /_simulator/requests`. */
export type LoggedRequest = {
  at: string;
  method: string;
  path: string;
  status: number;
  kind: Kind;
  graphqlCost?: number;
  operationName?: string;
  user?: string;
  /** The simulator's own work on the request, after its injected latency (answer built and written). */
  workMs?: number;
};

export type SimulatorState = {
  world: World;
  faults: Faults;
  requests: LoggedRequest[];
  /** Web base URL, known once the server listens. */
  base: string;
  readonly scenario: string;
  readonly schema: GraphQLSchema;
  readonly codes: Map<string, OAuthCode>;
  readonly limits: RateLimits;
  readonly contentLimit: ContentCreationLimit;
  /** The Upstash QStash stand-in (its publish API and signed deliveries). */
  readonly qstash: QStash;
  readonly webhooks: Webhooks;
  readonly manifests: AppManifests;
  /** Stand-ins for Slack, Discord, Teams and webhook receivers (/_simulator/sink/{name}). */
  readonly sinks: Sinks;
  /** Reloads the scenario (`name`, or the current one). */
  reset(scenario?: string): void;
};
