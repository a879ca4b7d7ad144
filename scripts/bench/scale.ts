import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { costOf, type LoggedRequest, SimulatorControl, signIn } from "./github";
import { timedGet } from "./http";
import { type Child, freePort, ROOT, startTsx, stop, waitForHttp } from "./processes";

// `npm run bench -- --only scale`: watch mode's sweep of generated organisations (the simulator's
// `scale` scenario, the App on every repository, no webhooks) through the production build's
// cron route, with the simulator's latency. Per size: the first sweep (repeated until nothing
// is left), an unchanged sweep, one after 1 % of the repositories got a new tag; then a sweep
// whose budget is too small, repeated until every repository was read. Requests come from the
// simulator's log; memory is the app process's resident set, sampled through the sweeps. Writes
// its own section of docs/benchmarks.md (between the markers below); the full bench keeps it.

export const SCALE_START = "<!-- scale:start -->";
export const SCALE_END = "<!-- scale:end -->";

const ORG = "scale-org";
const CRON_SECRET = "bench-cron-secret";
const FAILED_SHARE = 0.01;
const CHANGED_SHARE = 0.01;
const RESUME_SIZE = 1000;
const RESUME_BUDGET_S = 10;
/** The person whose home page is measured: a member of the organisation. */
const VIEWER = "octo-maintainer";
/** Sizes whose home page is measured. */
const HOME_SIZES = new Set([1000, 5000]);

type SweepJson = {
  readInFull: number;
  skippedUnchanged: number;
  remaining: number;
  resumedFrom: string | null;
  stopped: string | null;
  errors: string[];
  rateLimit: { remaining: number; limit: number } | null;
};

type Figure = {
  sweeps: number;
  requests: number;
  graphql: number;
  rest: number;
  ms: number;
  readInFull: number;
  skippedUnchanged: number;
  remaining: number;
  errors: string[];
};

type HomeFigure = {
  app: boolean;
  firstByteMs: number;
  firstScreenMs: number;
  cards: number;
  /** The viewer's GitHub requests that reached GitHub before the first screen was complete. */
  graphql: number;
  rest: number;
  listPages: number;
  batches: number;
  /** When the whole list (every name, for the filter box) was there, from the page's request. */
  wholeListMs: number;
  /** List pages read in all, the first screen's included. */
  allListPages: number;
};

type SizeResult = {
  size: number;
  home: HomeFigure[];
  first: Figure;
  unchanged: Figure;
  changed: Figure;
  changedCount: number;
  peakRssMiB: number;
  rateLimit: string;
};

type ScaleOptions = {
  latency: number;
  sizes: number[];
  appPort: number;
  simPort: number;
  log: (message: string) => void;
};

/** Resident set (MiB) of the biggest process in the child's process group: the app's node. */
function groupRssMiB(child: Child): number {
  const pid = child.process.pid;
  if (pid === undefined) return 0;
  try {
    const out = execFileSync("ps", ["-eo", "pgid=,rss="], { encoding: "utf8" });
    let biggest = 0;
    for (const line of out.split("\n")) {
      const [group, rss] = line.trim().split(/\s+/).map(Number);
      if (group === pid && rss !== undefined && rss > biggest) biggest = rss;
    }
    return biggest / 1024;
  } catch {
    return 0;
  }
}

class App {
  child: Child | null = null;
  peak = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly port: number,
    private readonly simulatorUrl: string,
  ) {}

  /** Starts a fresh app; `withApp: false` leaves watch mode (the GitHub App) unconfigured. */
  async start(withApp = true): Promise<void> {
    await this.stop();
    this.child = startTsx("app", "scripts/with-simulator.ts", [], {
      APP_PORT: String(this.port),
      SIM_URL: this.simulatorUrl,
      CRON_SECRET,
      TAGWATCH_DEMO_HOOK: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      ...(withApp ? {} : { TAGWATCH_WITHOUT_APP: "1" }),
    });
    await waitForHttp(`${this.url}/signin`, this.child, 90_000);
    this.peak = 0;
    const child = this.child;
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, groupRssMiB(child));
    }, 500);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.child) await stop(this.child);
    this.child = null;
  }

  /**
   * A first visit to the home page (a fresh sign-in: nothing of this viewer cached): time to the
   * first byte and to the last, when the first screen's window is complete; the viewer's requests.
   */
  async home(control: SimulatorControl, app: boolean): Promise<HomeFigure> {
    const jar = await signIn(this.url, VIEWER);
    await control.clearRequests();
    const started = performance.now();
    const page = await timedGet(`${this.url}/`, jar.header(), 120_000);
    if (page.status !== 200) throw new Error(`home page: HTTP ${page.status}`);
    const firstScreenAt = Date.now();
    // The rest of the list is read after the page: the browser's request for every name waits for it.
    const names = await timedGet(`${this.url}/api/repos?fields=names`, jar.header(), 300_000);
    if (names.status !== 200) throw new Error(`names: HTTP ${names.status}`);
    const wholeListMs = performance.now() - started;
    type Entry = LoggedRequest & { user?: string; operationName?: string; at: string };
    const viewer = ((await control.requests()) as Entry[]).filter(
      (request) => request.user === VIEWER,
    );
    const beforeFirstScreen = viewer.filter((request) => Date.parse(request.at) <= firstScreenAt);
    const cost = costOf(beforeFirstScreen);
    const last = page.body.lastIndexOf('aria-label="Repositories"');
    // The last streamed stage, to the end of the document (cards hold lists of their own).
    const list = last === -1 ? "" : page.body.slice(last);
    const listPages = (requests: Entry[]) =>
      requests.filter((request) => request.operationName === "ViewerRepositories").length;
    return {
      app,
      firstByteMs: page.ttfbMs,
      firstScreenMs: page.totalMs,
      cards: (list.match(/data-repository="/g) ?? []).length,
      graphql: cost.graphql,
      rest: cost.rest,
      listPages: listPages(beforeFirstScreen),
      batches: beforeFirstScreen.filter(
        (request) => request.operationName === "RepositoryOverviewBatch",
      ).length,
      wholeListMs,
      allListPages: listPages(viewer),
    };
  }

  async sweep(budget?: number): Promise<SweepJson> {
    const query = budget === undefined ? "" : `?budget=${budget}`;
    const response = await fetch(`${this.url}/api/cron/watch${query}`, {
      headers: { authorization: `Bearer ${CRON_SECRET}` },
      signal: AbortSignal.timeout(320_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`cron: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as SweepJson;
  }
}

/** Sweeps until nothing is left (at most `max` sweeps); the requests and time of them all. */
async function measureSweeps(
  control: SimulatorControl,
  app: App,
  options: { budget?: number; max: number; untilDone: boolean; newHour?: boolean },
): Promise<Figure & { last: SweepJson | null }> {
  const figure = {
    sweeps: 0,
    requests: 0,
    graphql: 0,
    rest: 0,
    ms: 0,
    readInFull: 0,
    skippedUnchanged: 0,
    remaining: 0,
    errors: [] as string[],
    last: null as SweepJson | null,
  };
  do {
    // A new hour for the installation's rate limit: the sweep resumes instead of waiting an hour.
    if (options.newHour) await fetch(`${control.url}/_simulator/rate-limits`, { method: "DELETE" });
    const begin = performance.now();
    const { result, cost } = await control.measure(() => app.sweep(options.budget));
    figure.ms += performance.now() - begin;
    figure.sweeps += 1;
    figure.requests += cost.total;
    figure.graphql += cost.graphql;
    figure.rest += cost.rest;
    figure.readInFull += result.readInFull;
    figure.skippedUnchanged += result.skippedUnchanged;
    figure.remaining = result.remaining;
    figure.errors.push(...result.errors);
    figure.last = result;
  } while (options.untilDone && figure.remaining > 0 && figure.sweeps < options.max);
  return figure;
}

async function organisation(control: SimulatorControl, latency: number, size: number) {
  await fetch(`${control.url}/_simulator/reset`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  await fetch(`${control.url}/_simulator/rate-limits`, { method: "DELETE" });
  await control.setLatency(latency);
  const response = await fetch(`${control.url}/_simulator/organizations/${ORG}/repositories`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ count: size, failedShare: FAILED_SHARE }),
  });
  if (!response.ok) throw new Error(`generating ${size} repositories: HTTP ${response.status}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function row(size: number, what: string, figure: Figure): string {
  return `| ${size.toLocaleString("en")} | ${what} | ${figure.sweeps} | ${figure.requests} (${figure.graphql} GraphQL, ${figure.rest} REST) | ${seconds(figure.ms)} | ${figure.readInFull} | ${figure.skippedUnchanged} | ${figure.remaining} |`;
}

function section(
  options: ScaleOptions,
  results: SizeResult[],
  resume: (Figure & { size: number; budget: number }) | null,
  notes: string[],
): string {
  const goal = (result: SizeResult) => {
    const budgetUnchanged = 2 * Math.ceil(result.size / 100) + 10;
    const budgetChanged = budgetUnchanged + 5 * result.changedCount;
    return `- ${result.size.toLocaleString("en")}: unchanged ${result.unchanged.requests} requests (goal ≤ ${budgetUnchanged}) in ${seconds(result.unchanged.ms)}${result.size === 5000 ? " (goal ≤ 60 s)" : ""}; ${result.changedCount} changed: ${result.changed.requests} requests (goal ≤ ${budgetChanged}); peak memory of the app process ${result.peakRssMiB.toFixed(0)} MiB; rate limit after the three: ${result.rateLimit}.`;
  };
  return [
    SCALE_START,
    "## Watch mode at organisation scale",
    "",
    `\`npm run bench -- --only scale\` (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${options.latency} ms of latency per GitHub request): the production build's \`GET /api/cron/watch\` sweeping a generated organisation (the simulator's \`scale\` scenario, the App on every repository, ${FAILED_SHARE * 100} % of them with a failed release, no webhooks). Requests are GitHub API calls from the simulator's log. "First" repeats the sweep until nothing is left (each call runs up to its default budget); "1 % changed" follows a new tag in 1 % of the repositories, pushed without any webhook. Every call starts a new hour of the installation's rate limit (\`DELETE /_simulator/rate-limits\`), so the rows after the first measure the steady state rather than a wait for GitHub's reset. "Read in full" and "Skipped unchanged" add up all calls of a row (a call that resumes passes over repositories an earlier call of the same row already read: those count as skipped); "Remaining" is what the row's last call left.`,
    "",
    "| Repositories | Sweep | Calls | GitHub requests | Time | Read in full | Skipped unchanged | Remaining |",
    "|---:|---|---:|---|---:|---:|---:|---:|",
    ...results.flatMap((result) => [
      row(result.size, "first", result.first),
      row(result.size, "unchanged", result.unchanged),
      row(result.size, `1 % changed (${result.changedCount})`, result.changed),
    ]),
    "",
    ...results.map(goal),
    ...homeSection(results),
    "",
    resume
      ? `Resume: ${resume.size.toLocaleString("en")} repositories swept with \`?budget=${resume.budget}\` took ${resume.sweeps} sweeps to read every one in full (${resume.readInFull} full reads, ${resume.requests} requests, ${seconds(resume.ms)} in all; each sweep starts where the last stopped).`
      : "Resume: not measured.",
    ...(notes.length ? ["", ...notes.map((note) => `- Note: ${note}`)] : []),
    SCALE_END,
  ].join("\n");
}

function homeSection(results: SizeResult[]): string[] {
  const rows = results.flatMap((result) =>
    result.home.map(
      (figure) =>
        `| ${result.size.toLocaleString("en")} | ${figure.app ? "with the App (watch mode's cards in the store)" : "without the App"} | ${figure.firstByteMs.toFixed(0)} ms | ${figure.firstScreenMs.toFixed(0)} ms | ${figure.cards} | ${figure.graphql + figure.rest} (${figure.listPages} list pages, ${figure.batches} batches, ${figure.rest} REST) | ${seconds(figure.wholeListMs)} (${figure.allListPages} list pages) |`,
    ),
  );
  if (rows.length === 0) return [];
  return [
    "",
    `### Home page of a member of the organisation`,
    "",
    `A first visit to \`/\` (a fresh sign-in, so nothing of this viewer is cached) by ${VIEWER}, a member of the organisation, right after the sweeps above; the same with tagwatch started without the App. "First screen" is the last byte of the page: the first page of the list (100 repositories, most recently pushed first) judged, problems first; it does not wait for the rest of the list, which tagwatch reads after the page and the browser asks for (every name, for the filter box; \`GET /api/repos?fields=names\`): "Whole list" is when that answer arrived, from the page's request. Requests are the viewer's GitHub requests that reached GitHub before the first screen was complete.`,
    "",
    "| Repositories | Deployment | First byte | First screen | Cards on it | GitHub requests for the first screen | Whole list |",
    "|---:|---|---:|---:|---:|---|---:|",
    ...rows,
  ];
}

/** Puts the scale section into docs/benchmarks.md, replacing the previous one. */
export function writeScaleSection(text: string): void {
  const file = path.join(ROOT, "docs", "benchmarks.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = current.indexOf(SCALE_START);
  const end = current.indexOf(SCALE_END);
  const next =
    start !== -1 && end > start
      ? `${current.slice(0, start)}${text}${current.slice(end + SCALE_END.length)}`
      : `${current.trimEnd()}\n\n${text}\n`;
  writeFileSync(file, next);
}

/** The scale section kept in docs/benchmarks.md, for the full bench to carry over. */
export function keptScaleSection(): string | null {
  const file = path.join(ROOT, "docs", "benchmarks.md");
  if (!existsSync(file)) return null;
  const current = readFileSync(file, "utf8");
  const start = current.indexOf(SCALE_START);
  const end = current.indexOf(SCALE_END);
  return start !== -1 && end > start ? current.slice(start, end + SCALE_END.length) : null;
}

export async function runScaleBench(options: ScaleOptions): Promise<void> {
  const { log } = options;
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")))
    throw new Error("no production build: run `npx next build` first");
  const simPort = await freePort(options.simPort);
  const simulatorUrl = `http://127.0.0.1:${simPort}`;
  const simulator = startTsx(
    "simulator",
    "simulator/main.ts",
    ["--port", String(simPort), "--host", "127.0.0.1", "--scenario", "scale"],
    {},
  );
  const appPort = await freePort(options.appPort);
  const app = new App(`http://localhost:${appPort}`, appPort, simulatorUrl);
  const results: SizeResult[] = [];
  const notes: string[] = [];
  let resume: (Figure & { size: number; budget: number }) | null = null;
  try {
    await waitForHttp(`${simulatorUrl}/_simulator/health`, simulator, 60_000);
    const control = new SimulatorControl(simulatorUrl);
    for (const size of options.sizes) {
      log(`scale: ${size} repositories`);
      await organisation(control, options.latency, size);
      // A fresh app: an empty store (no watermarks), and its memory measured from the start.
      await app.start();
      const first = await measureSweeps(control, app, { max: 20, untilDone: true, newHour: true });
      log(`  first: ${first.sweeps} calls, ${first.requests} requests, ${seconds(first.ms)}`);
      const unchanged = await measureSweeps(control, app, {
        max: 1,
        untilDone: false,
        newHour: true,
      });
      log(`  unchanged: ${unchanged.requests} requests, ${seconds(unchanged.ms)}`);
      const changes = await fetch(`${simulatorUrl}/_simulator/organizations/${ORG}/changes`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ share: CHANGED_SHARE, withGithubToken: true }),
      });
      const changedCount = ((await changes.json()) as { changed: unknown[] }).changed.length;
      const changed = await measureSweeps(control, app, {
        max: 1,
        untilDone: false,
        newHour: true,
      });
      log(`  ${changedCount} changed: ${changed.requests} requests, ${seconds(changed.ms)}`);
      const limit = changed.last?.rateLimit;
      const peakRssMiB = app.peak;
      const home: HomeFigure[] = [];
      if (HOME_SIZES.has(size)) {
        // With the App: watch mode's cards are in the store after the sweeps.
        home.push(await app.home(control, true));
        await app.start(false);
        home.push(await app.home(control, false));
        for (const figure of home)
          log(
            `  home page ${figure.app ? "with" : "without"} the App: ${figure.firstScreenMs.toFixed(0)} ms, ${figure.graphql + figure.rest} requests`,
          );
      }
      results.push({
        size,
        home,
        first,
        unchanged,
        changed,
        changedCount,
        peakRssMiB,
        rateLimit: limit ? `${limit.remaining} of ${limit.limit} left` : "not reported",
      });
      for (const figure of [first, unchanged, changed])
        if (figure.errors.length) notes.push(`${size}: ${figure.errors.slice(0, 3).join("; ")}`);
      // Written as it goes: a run cut short still leaves the sizes it measured.
      writeScaleSection(section(options, results, null, notes));
    }
    log(`scale: resume, ${RESUME_SIZE} repositories with ?budget=${RESUME_BUDGET_S}`);
    await organisation(control, options.latency, RESUME_SIZE);
    await app.start();
    const figure = await measureSweeps(control, app, {
      budget: RESUME_BUDGET_S,
      max: 60,
      untilDone: true,
    });
    resume = { ...figure, size: RESUME_SIZE, budget: RESUME_BUDGET_S };
    log(`  ${figure.sweeps} sweeps, ${figure.readInFull} read in full`);
    if (figure.remaining > 0)
      notes.push(`the resume run stopped after ${figure.sweeps} sweeps, ${figure.remaining} left`);
  } finally {
    await app.stop();
    await stop(simulator);
  }
  const text = section(options, results, resume, notes);
  writeScaleSection(text);
  console.log(`\n${text}\n`);
}
