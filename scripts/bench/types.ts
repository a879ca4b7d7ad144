import type { BaselineResult } from "./baseline";
import type { Rendered } from "./browser";
import type { Cost } from "./github";

// What one benchmark run collects; bench.ts fills it, report.ts prints it.

/** One request to tagwatch, with the GitHub traffic it caused. */
export type Sample = {
  status: number;
  ttfbMs: number;
  totalMs: number;
  /** The body as sent (identity encoding), and gzipped with zlib's default level. */
  bytes: number;
  gzip: number;
  cost: Cost;
};

export type Series = { cold: Sample[]; warm: Sample[] };

/**
 * A page's series: `warm` holds WARM_REPEATS requests per round, made once IN_SERVICE_REQUESTS
 * unmeasured ones have been served (a server in service); `firstWarm` the request right after the
 * cold one alone, while V8 still compiles the render code.
 */
export type PageSeries = Series & { firstWarm: Sample[] };

export type BaselineSample = BaselineResult & { cost: Cost };

export type Machine = {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started and when it ended: other work on the machine skews times. */
  load: { start: number; end: number | null };
};

export type FirstLoadJs = {
  /**
   * `framework`: loaded by every page whatever its code: the build's rootMainFiles (React, Next's
   * router, Turbopack's runtime) and Next's App Router components a page without code loads too.
   */
  scripts: { src: string; bytes: number; gzip: number; framework: boolean }[];
  bytes: number;
  gzip: number;
};

export type BadgeThroughput = {
  seconds: number;
  connections: number;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  total: number;
  non2xx: number;
  errors: number;
  cost: Cost;
};

/** One round of two instances: the same page on A, then on B twice, then a burst over both. */
export type TwoInstanceRound = {
  pageA: Sample;
  pageB: Sample;
  pageBWarm: Sample;
  burst: { ms: number; statuses: number[]; cost: Cost };
};

export type TwoInstances = {
  inProcess: TwoInstanceRound[];
  redis: TwoInstanceRound[];
  redisServer: string | null;
};

export type Results = {
  startedAt: Date;
  machine: Machine;
  latencyMs: number;
  runs: number;
  appUrl: string;
  simulatorUrl: string;
  owner: string;
  repositories: {
    large: string[];
    largeTags: number;
    goreleaser: string;
    goreleaserTags: number;
    history: string;
    historyTags: number;
    overview: number;
  };
  appStartMs: number[];
  page: PageSeries;
  health: Series;
  history: Series;
  /** The release history cold, right after its repository page (as the page's browser asks). */
  historyAfterPage: Sample[];
  overview: PageSeries;
  goreleaser: Sample[];
  badgeCold: Sample[];
  /** The repository page cold and warm, and this app's near-empty page (SHELL_PAGE), warm. */
  browser: { cold: Rendered[]; warm: Rendered[]; shell: Rendered[]; source: string | null };
  firstLoadJs: FirstLoadJs | null;
  badge: BadgeThroughput | null;
  baseline: {
    repoSequential: BaselineSample[];
    repoConcurrent: BaselineSample[];
    overviewSequential: BaselineSample[];
    overviewConcurrent: BaselineSample[];
    badge: BaselineSample[];
    concurrency: number;
  };
  /** Two instances without and with a shared Redis; null when not measured. */
  twoInstances: TwoInstances | null;
  /** Things that did not run or did not look right, in plain words. */
  notes: string[];
  durationMs: number;
};
