// The benchmark (`npm run bench`): tagwatch's production build against the bundled GitHub
// simulator with injected latency, cold and warm, beside a REST baseline through the same simulator.
// Writes docs/benchmarks.md. Flags: --latency 100 --runs 5 --badge-seconds 5 --time-limit 900
// --app-port 3300 --sim-port 4300 --build (rebuild even if .next exists) --no-browser --quick
// (skip the sequential overview baseline) --no-two-instances (skip the two-instance figures, with
// and without a shared Redis) --strict (exit 1 when a budget fails). `--only scale` runs only
// watch mode's sweeps of generated organisations (scripts/bench/scale.ts; --sizes 100,1000,5000).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import {
  type BaselineResult,
  baselineBadge,
  baselineOverview,
  baselineRepository,
} from "./bench/baseline";
import { launchBrowser, renderPage, SHELL_PAGE, tagRows } from "./bench/browser";
import {
  BENCH_OWNER,
  GORELEASER_REPO,
  GORELEASER_TAGS,
  HISTORY_REPO,
  HISTORY_TAGS,
  LARGE_REPOS,
  LARGE_TAGS,
  SMALL_REPOS,
} from "./bench/generate-scenario";
import { SimulatorControl, signIn } from "./bench/github";
import { type CookieJar, chunkFile, fetchWithJar, scriptSources, timedGet } from "./bench/http";
import { machine, type Options, parseOptions } from "./bench/options";
import {
  type Child,
  freePort,
  killAllNow,
  ROOT,
  run,
  startTsx,
  stop,
  waitForHttp,
} from "./bench/processes";
import {
  budgetLines,
  budgets,
  IN_SERVICE_HISTORIES,
  IN_SERVICE_REQUESTS,
  markdown,
  WARM_REPEATS,
} from "./bench/report";
import { keptScaleSection, runScaleBench } from "./bench/scale";
import { ms, msPair, summarize } from "./bench/stats";
import { measureTwoInstances } from "./bench/two-instances";
import type { BaselineSample, FirstLoadJs, PageSeries, Results, Sample } from "./bench/types";
import { findRedisServer } from "./redis-server";

/** An error's first line, with its cause (fetch hides the real reason there). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message.split("\n")[0]})` : "";
  return `${error.message.split("\n")[0]}${cause}`;
}

/** The build's rootMainFiles: the chunks every page loads whatever its own code. */
function frameworkChunks(): Set<string> {
  try {
    const manifest = JSON.parse(
      readFileSync(path.join(ROOT, ".next", "build-manifest.json"), "utf8"),
    ) as { rootMainFiles?: string[] };
    return new Set(manifest.rootMainFiles ?? []);
  } catch {
    return new Set();
  }
}

// The part of docs/benchmarks.md written by hand (before/after figures, where the time goes):
// from this heading to the end, carried over from the previous file.
const KEPT_HEADING = "## History (written by hand, kept by the bench)";

function keptSection(file: string): string {
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const start = previous.indexOf(KEPT_HEADING);
  return start === -1 ? "" : `\n${previous.slice(start).trimEnd()}\n`;
}

const log = (message: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** `--only scale`: the sweep figures alone, into their section of docs/benchmarks.md. */
async function scaleOnly(argv: string[], options: Options): Promise<number> {
  const raw =
    argv.find((arg) => arg.startsWith("--sizes="))?.slice(8) ?? argv[argv.indexOf("--sizes") + 1];
  const sizes = (argv.some((arg) => arg.startsWith("--sizes")) ? (raw ?? "") : "100,1000,5000")
    .split(",")
    .map(Number);
  if (!sizes.length || sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 5000))
    throw new Error("--sizes takes whole numbers from 1 to 5000, separated by commas");
  await runScaleBench({
    latency: options.latency,
    sizes,
    appPort: options.appPort,
    simPort: options.simPort,
    log,
  });
  return 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const only =
    argv.find((arg) => arg.startsWith("--only="))?.slice(7) ??
    (argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined);
  if (only !== undefined && only !== "scale") throw new Error("--only takes: scale");
  if (only === "scale") return scaleOnly(argv, options);
  const started = Date.now();
  const deadline = started + options.timeLimitS * 1000;
  const timeLeft = () => deadline - Date.now();
  const owner = BENCH_OWNER;
  const [pageRepo, healthRepo, browserRepo, badgeRepo] = LARGE_REPOS as [
    string,
    string,
    string,
    string,
  ];
  const primerRepo = SMALL_REPOS[SMALL_REPOS.length - 1] as string;

  const results: Results = {
    startedAt: new Date(),
    machine: machine(),
    latencyMs: options.latency,
    runs: options.runs,
    appUrl: "",
    simulatorUrl: "",
    owner,
    repositories: {
      large: LARGE_REPOS,
      largeTags: LARGE_TAGS,
      goreleaser: GORELEASER_REPO,
      goreleaserTags: GORELEASER_TAGS,
      history: HISTORY_REPO,
      historyTags: HISTORY_TAGS,
      overview: LARGE_REPOS.length + 2 + SMALL_REPOS.length,
    },
    appStartMs: [],
    page: { cold: [], warm: [], firstWarm: [] },
    health: { cold: [], warm: [] },
    history: { cold: [], warm: [] },
    historyAfterPage: [],
    overview: { cold: [], warm: [], firstWarm: [] },
    goreleaser: [],
    badgeCold: [],
    browser: { cold: [], warm: [], shell: [], source: null },
    firstLoadJs: null,
    badge: null,
    baseline: {
      repoSequential: [],
      repoConcurrent: [],
      overviewSequential: [],
      overviewConcurrent: [],
      badge: [],
      concurrency: 4,
    },
    twoInstances: null,
    notes: [],
    durationMs: 0,
  };
  const note = (message: string) => {
    results.notes.push(message);
    log(`NOTE: ${message}`);
  };
  /** Runs one part of the benchmark; a failure becomes a note and the rest goes on. */
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      note(`${what} failed: ${errorText(error)}`);
    }
  };

  log(
    `${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}; latency ${options.latency} ms, ${options.runs} runs`,
  );

  // 1. The simulator, in its own process so its CPU is not the app's.
  const simPort = await freePort(options.simPort);
  const simulatorUrl = `http://127.0.0.1:${simPort}`;
  results.simulatorUrl = simulatorUrl;
  if (!existsSync(path.join(ROOT, "simulator", "main.ts")))
    throw new Error("simulator/main.ts does not exist yet");
  if (!existsSync(path.join(ROOT, "simulator", "scenarios", "bench.yaml"))) {
    throw new Error(
      "simulator/scenarios/bench.yaml is missing: npx tsx scripts/bench/generate-scenario.ts",
    );
  }
  log(`starting the simulator on ${simulatorUrl} (scenario bench)`);
  const simulator = startTsx(
    "simulator",
    "simulator/main.ts",
    [
      "--port",
      String(simPort),
      "--host",
      "127.0.0.1",
      "--scenario",
      "bench",
      "--latency",
      String(options.latency),
    ],
    {},
  );
  await waitForHttp(`${simulatorUrl}/_simulator/health`, simulator, 60_000);
  const control = new SimulatorControl(simulatorUrl);
  const health = await control.health();
  if (health.scenario && health.scenario !== "bench")
    throw new Error(`The simulator loaded scenario ${health.scenario}, not bench`);
  await control.setLatency(options.latency);
  const apiUrl = `${simulatorUrl}/api/v3`;
  const token = "sim_token_octo-maintainer";

  // 2. The baseline first: it needs only the simulator, so it runs even when the app does not build.
  const baselineRuns = async (
    count: number,
    work: () => Promise<BaselineResult>,
  ): Promise<BaselineSample[]> => {
    const samples: BaselineSample[] = [];
    for (let index = 0; index < count && timeLeft() > 60_000; index++) {
      const { result, cost } = await control.measure(work);
      samples.push({ ...result, cost });
    }
    return samples;
  };
  const c = results.baseline.concurrency;
  await attempt("baseline", async () => {
    log(`baseline: ${owner}/${pageRepo} REST, sequential × ${options.runs}`);
    results.baseline.repoSequential = await baselineRuns(options.runs, () =>
      baselineRepository(apiUrl, token, owner, pageRepo, 1),
    );
    log(
      `  ${msPair(summarize(results.baseline.repoSequential.map((s) => s.ms)))}, ${results.baseline.repoSequential[0]?.requests ?? "?"} requests`,
    );
    log(`baseline: ${owner}/${pageRepo} REST, ${c} at a time × ${options.runs}`);
    results.baseline.repoConcurrent = await baselineRuns(options.runs, () =>
      baselineRepository(apiUrl, token, owner, pageRepo, c),
    );
    log(`  ${msPair(summarize(results.baseline.repoConcurrent.map((s) => s.ms)))}`);
    log(`baseline: badge (tags + newest tag) × ${options.runs}`);
    results.baseline.badge = await baselineRuns(options.runs, () =>
      baselineBadge(apiUrl, token, owner, badgeRepo),
    );
    const overviewRuns = Math.min(options.runs, 3);
    log(
      `baseline: overview of ${results.repositories.overview} repositories, ${c} at a time × ${overviewRuns}`,
    );
    results.baseline.overviewConcurrent = await baselineRuns(overviewRuns, () =>
      baselineOverview(apiUrl, token, c),
    );
    log(
      `  ${msPair(summarize(results.baseline.overviewConcurrent.map((s) => s.ms)))}, ${results.baseline.overviewConcurrent[0]?.requests ?? "?"} requests`,
    );
    if (!options.quick) {
      log("baseline: overview, sequential × 1");
      results.baseline.overviewSequential = await baselineRuns(1, () =>
        baselineOverview(apiUrl, token, 1),
      );
      log(`  ${ms(results.baseline.overviewSequential[0]?.ms)}`);
    }
    const errors = [
      ...results.baseline.repoSequential,
      ...results.baseline.overviewConcurrent,
    ].reduce((sum, s) => sum + s.errors, 0);
    if (errors) note(`the baseline got ${errors} non-404 error answers from the simulator`);
  });

  // 3. The app: a production build, served by scripts/with-simulator.ts against this simulator.
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  let buildOk = existsSync(buildId) && !options.build;
  if (!buildOk) {
    log(existsSync(buildId) ? "rebuilding (--build)" : "no .next/BUILD_ID: running next build");
    await attempt("next build", async () => {
      const next = path.join(ROOT, "node_modules", ".bin", "next");
      for (let attemptNumber = 1; attemptNumber <= 2 && !buildOk; attemptNumber++) {
        const code = await run(next, ["build"], 300_000);
        if (code === 0) {
          buildOk = existsSync(buildId);
          break;
        }
        // Most often another `next build` in this folder (the e2e suite): wait for its build.
        log(`next build exited with ${code}; waiting up to 3 minutes for a build to appear`);
        for (let wait = 0; wait < 90 && !existsSync(buildId); wait++)
          await new Promise((resolve) => setTimeout(resolve, 2000));
        if (existsSync(buildId)) {
          await new Promise((resolve) => setTimeout(resolve, 3000));
          buildOk = true;
        }
      }
      if (!buildOk) throw new Error("no production build (.next/BUILD_ID) after two attempts");
    });
  }
  const buildAtStart = buildOk ? readFileSync(buildId, "utf8").trim() : null;
  const appPort = await freePort(options.appPort);
  const appUrl = `http://localhost:${appPort}`;
  results.appUrl = appUrl;
  const authSecret = randomBytes(32).toString("hex");
  let app: Child | null = null;
  const restartApp = async () => {
    if (app) await stop(app);
    const begin = performance.now();
    app = startTsx("app", "scripts/with-simulator.ts", [], {
      APP_PORT: String(appPort),
      SIM_URL: simulatorUrl,
      // Fixed for the run so the session cookie survives restarts.
      AUTH_SECRET: authSecret,
      NEXT_TELEMETRY_DISABLED: "1",
    });
    await waitForHttp(`${appUrl}/signin`, app, 90_000);
    results.appStartMs.push(performance.now() - begin);
  };

  let jar: CookieJar | null = null;
  if (buildOk) {
    await attempt("starting tagwatch and signing in", async () => {
      log(`starting tagwatch on ${appUrl}`);
      await restartApp();
      jar = await signIn(appUrl, "octo-maintainer");
      log("signed in as octo-maintainer over HTTP (OAuth through the simulator)");
    });
  } else note("the app has no production build, so only the baseline ran");

  const session = jar as CookieJar | null;
  if (session && app) {
    const cookie = session.header();
    const url = (route: string) => `${appUrl}${route}`;
    const measure = async (route: string, withCookie = true): Promise<Sample> => {
      const { result, cost } = await control.measure(() =>
        timedGet(url(route), withCookie ? cookie : null),
      );
      return {
        status: result.status,
        ttfbMs: result.ttfbMs,
        totalMs: result.totalMs,
        bytes: result.bytes,
        gzip: gzipSync(result.body).length,
        cost,
      };
    };
    const checkStatus = (what: string, sample: Sample) => {
      if (sample.status < 200 || sample.status >= 300)
        note(`${what} answered HTTP ${sample.status}`);
      return sample;
    };
    const serveInService = async (route: string) => {
      for (let index = 0; index < IN_SERVICE_REQUESTS; index++) await timedGet(url(route), cookie);
    };
    // Warm is a server in service: its data cached, and its render code compiled by V8, which
    // takes a few dozen requests after a start (measured: 47 ms for the first ten after a restart,
    // 25-29 ms once 30-60 had been served). The first warm request after the restart is kept
    // apart; then IN_SERVICE_REQUESTS unmeasured ones; then WARM_REPEATS measured in a row.
    const measureWarm = async (what: string, route: string, series: PageSeries) => {
      series.firstWarm.push(checkStatus(what, await measure(route)));
      await serveInService(route);
      const round: Sample[] = [];
      for (let index = 0; index < WARM_REPEATS; index++)
        round.push(checkStatus(what, await measure(route)));
      series.warm.push(...round);
      return summarize(round.map((sample) => sample.totalMs));
    };
    // Likewise a server in service has answered other repositories' release histories, whose
    // judging and charting code V8 has compiled (cold history, no GitHub latency: 173-214 ms
    // after one other history, 139-177 ms after fifteen). "Cold" is this repository's data, not
    // cached: the app restarts each round, so the same repositories are cold again.
    const serveHistoriesInService = async () => {
      for (const repository of SMALL_REPOS.slice(0, IN_SERVICE_HISTORIES))
        await timedGet(url(`/api/repos/${owner}/${repository}/history`), cookie);
    };
    const primeRoutes = async (withRepositoryRoutes: boolean) => {
      // Loads the routes' code on a repository that is not measured, so "cold" is about data, not start-up.
      await timedGet(url("/"), null);
      if (!withRepositoryRoutes) return;
      await timedGet(url(`/${owner}/${primerRepo}`), cookie);
      await timedGet(url(`/api/repos/${owner}/${primerRepo}/health`), cookie);
      await timedGet(url(`/api/repos/${owner}/${primerRepo}/history`), cookie);
      await timedGet(url(`/api/badge/${owner}/${primerRepo}`), null);
    };

    const browser = options.browser
      ? await launchBrowser().catch((error: unknown) => {
          note(
            `Chromium did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
          );
          return null;
        })
      : null;
    if (
      options.browser &&
      browser === null &&
      !results.notes.some((n) => n.startsWith("Chromium"))
    ) {
      note(
        "no Chromium found (apt-get install chromium, or set TAGWATCH_CHROMIUM): rendered times not measured",
      );
    }
    results.browser.source = browser?.source ?? null;
    const cookies = session
      .header()
      .split("; ")
      .map((pair) => ({
        name: pair.slice(0, pair.indexOf("=")),
        value: pair.slice(pair.indexOf("=") + 1),
      }));

    for (let round = 0; round < options.runs; round++) {
      if (timeLeft() < 60_000) {
        note(`time limit reached: ${round} of ${options.runs} rounds measured`);
        break;
      }
      log(
        `round ${round + 1}/${options.runs}: repository page, health JSON, Chromium, badge (cold, then warm)`,
      );
      await attempt(`round ${round + 1} (repository routes)`, async () => {
        if (round > 0) await restartApp();
        await primeRoutes(true);
        const pageCold = checkStatus(
          "the repository page (cold)",
          await measure(`/${owner}/${pageRepo}`),
        );
        results.page.cold.push(pageCold);
        const pageWarm = await measureWarm(
          "the repository page (warm)",
          `/${owner}/${pageRepo}`,
          results.page,
        );
        if (round === 0 && !pageCold.bytes) note("the repository page sent no HTML");
        results.health.cold.push(
          checkStatus(
            "the health JSON (cold)",
            await measure(`/api/repos/${owner}/${healthRepo}/health`),
          ),
        );
        results.health.warm.push(
          checkStatus(
            "the health JSON (warm)",
            await measure(`/api/repos/${owner}/${healthRepo}/health`),
          ),
        );
        await serveHistoriesInService();
        results.history.cold.push(
          checkStatus(
            "the release history JSON (cold)",
            await measure(`/api/repos/${owner}/${HISTORY_REPO}/history`),
          ),
        );
        results.history.warm.push(
          checkStatus(
            "the release history JSON (warm)",
            await measure(`/api/repos/${owner}/${HISTORY_REPO}/history`),
          ),
        );
        if (browser) {
          await attempt(`Chromium, round ${round + 1}`, async () => {
            const rows = tagRows(LARGE_TAGS);
            results.browser.cold.push(
              await renderPage(browser.browser, url(`/${owner}/${browserRepo}`), cookies, rows),
            );
            results.browser.warm.push(
              await renderPage(browser.browser, url(`/${owner}/${browserRepo}`), cookies, rows),
            );
            // Warm like the repository page was: its code compiled, as in a server in service.
            await serveInService(SHELL_PAGE.path);
            results.browser.shell.push(
              await renderPage(browser.browser, url(SHELL_PAGE.path), cookies, SHELL_PAGE.target),
            );
          });
        }
        results.badgeCold.push(
          checkStatus("the badge (cold)", await measure(`/api/badge/${owner}/${badgeRepo}`, false)),
        );
        results.goreleaser.push(
          checkStatus(
            "the GoReleaser repository page (cold)",
            await measure(`/${owner}/${GORELEASER_REPO}`),
          ),
        );
        const last = (list: Sample[]) => list[list.length - 1];
        log(
          `  page cold ${ms(last(results.page.cold)?.totalMs)} (${last(results.page.cold)?.cost.total ?? "?"} GitHub requests), warm ${msPair(pageWarm)} (${last(results.page.warm)?.cost.total ?? "?"}); ` +
            `health cold ${ms(last(results.health.cold)?.totalMs)}, warm ${ms(last(results.health.warm)?.totalMs)}; ` +
            `Chromium cold ${ms(results.browser.cold[results.browser.cold.length - 1]?.paintedMs)}, warm ${ms(results.browser.warm[results.browser.warm.length - 1]?.paintedMs)}`,
        );
      });

      log(
        `round ${round + 1}/${options.runs}: overview of ${results.repositories.overview} repositories (fresh app)`,
      );
      await attempt(`round ${round + 1} (overview)`, async () => {
        await restartApp();
        await primeRoutes(false);
        const cold = checkStatus("the overview (cold)", await measure("/"));
        results.overview.cold.push(cold);
        const warm = await measureWarm("the overview (warm)", "/", results.overview);
        if (round === 0 && cold.cost.graphql === 0) {
          note(
            "the overview made no GraphQL request on the server: it is either not built yet or loads its data in the browser (not measured here)",
          );
        }
        // As on the page: the browser reads the history once the repository page is up. The
        // routes' code is loaded first on a repository that is not measured, as for "cold" above.
        await primeRoutes(true);
        await serveHistoriesInService();
        await timedGet(url(`/${owner}/${HISTORY_REPO}`), cookie);
        const history = checkStatus(
          "the release history JSON right after its page (cold)",
          await measure(`/api/repos/${owner}/${HISTORY_REPO}/history`),
        );
        results.historyAfterPage.push(history);
        log(
          `  overview cold ${ms(cold.totalMs)} (${cold.cost.graphql} GraphQL, ${cold.cost.rest} REST, ${cold.cost.points} points), warm ${msPair(warm)}; history after its page ${ms(history.totalMs)}`,
        );
      });
    }
    await browser?.browser.close().catch(() => undefined);

    // First-load JavaScript: the chunks the repository page's HTML references, as a current
    // browser loads them: `noModule` polyfills are only fetched by browsers without ES modules.
    await attempt("first-load JavaScript", async () => {
      const sources = scriptSources((await timedGet(url(`/${owner}/${pageRepo}`), cookie)).body);
      if (sources.length === 0)
        throw new Error("the repository page's HTML references no <script src>");
      // What every page loads whatever its code: the rootMainFiles, and what a page with no code
      // of its own (the 404 of an address no route matches, in the same layout) loads besides.
      const framework = frameworkChunks();
      const everyPage = new Set(
        scriptSources((await timedGet(url("/no/such/page"), cookie)).body).map(chunkFile),
      );
      for (const file of everyPage) framework.add(file);
      const scripts: FirstLoadJs["scripts"] = [];
      for (const src of sources) {
        const response = await fetchWithJar(new URL(src, appUrl).toString(), null);
        const body = Buffer.from(await response.arrayBuffer());
        if (!response.ok) throw new Error(`${src}: HTTP ${response.status}`);
        const file = chunkFile(src);
        scripts.push({
          src,
          bytes: body.length,
          gzip: gzipSync(body).length,
          framework: framework.has(file),
        });
      }
      results.firstLoadJs = {
        scripts,
        bytes: scripts.reduce((sum, script) => sum + script.bytes, 0),
        gzip: scripts.reduce((sum, script) => sum + script.gzip, 0),
      };
      log(
        `first-load JavaScript: ${scripts.length} chunks, ${(results.firstLoadJs.gzip / 1024).toFixed(1)} kB gzip`,
      );
    });

    // Badge throughput, warm: prime the cache, then autocannon well within its 30 s lifetime.
    await attempt("badge throughput", async () => {
      if (timeLeft() < 30_000) throw new Error("no time left");
      const badgeUrl = url(`/api/badge/${owner}/${badgeRepo}`);
      const first = await timedGet(badgeUrl, null);
      if (first.status !== 200) throw new Error(`the badge answered HTTP ${first.status}`);
      const connections = 10;
      log(`badge throughput: autocannon ${connections} connections for ${options.badgeSeconds} s`);
      const { result, cost } = await control.measure(() =>
        autocannon({
          url: badgeUrl,
          connections,
          duration: options.badgeSeconds,
          pipelining: 1,
          timeout: 10,
        }),
      );
      results.badge = {
        seconds: options.badgeSeconds,
        connections,
        requestsPerSecond: result.requests.average,
        latencyP50: result.latency.p50,
        latencyP99: result.latency.p99,
        total: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        cost,
      };
      log(
        `  ${Math.round(result.requests.average)} requests/s, p50 ${result.latency.p50} ms, ${cost.total} GitHub requests`,
      );
    });
  }
  if (app) await stop(app);

  // Two instances, without and with a shared Redis (what many serverless instances do).
  if (buildOk && options.twoInstances) {
    await attempt("two instances", async () => {
      if (!findRedisServer())
        throw new Error(
          "no redis-server (apt-get install redis-server, or set TAGWATCH_REDIS_SERVER)",
        );
      results.twoInstances = await measureTwoInstances({
        simulatorUrl,
        control,
        owner,
        pageRepo,
        burstRepo: healthRepo,
        primerRepo,
        rounds: Math.min(options.runs, 3),
        log,
        timeLeft,
      });
    });
  }
  await stop(simulator);

  const buildAtEnd = existsSync(buildId) ? readFileSync(buildId, "utf8").trim() : null;
  if (buildAtStart && buildAtEnd !== buildAtStart) {
    note(
      `.next was rebuilt by something else during the run (build ${buildAtStart} -> ${buildAtEnd ?? "none"}): app figures may mix two builds`,
    );
  }
  results.durationMs = Date.now() - started;
  results.machine.load.end = os.loadavg()[0] ?? 0;
  const busiest = Math.max(results.machine.load.start, results.machine.load.end);
  if (busiest > results.machine.cores * 0.75) {
    note(
      `the machine was busy with other work (1-minute load average ${results.machine.load.start.toFixed(1)} at the start, ${results.machine.load.end.toFixed(1)} at the end, on ${results.machine.cores} cores): times, Chromium and throughput figures are pessimistic; request counts are unaffected`,
    );
  }
  const reportPath = path.join(ROOT, "docs", "benchmarks.md");
  // Kept as they are: the hand-written section, and the scale figures from `--only scale`
  // (minutes of sweeps).
  const kept = keptSection(reportPath);
  const scale = keptScaleSection();
  const generated = markdown(results).trimEnd();
  const report = scale && !kept.includes(scale) ? `${generated}\n\n${scale}` : generated;
  writeFileSync(reportPath, `${report}\n${kept}`);
  console.log("");
  console.log(
    report
      .slice(report.indexOf("## Repository page"))
      .replace(/^## Budgets[\s\S]*$/m, "")
      .trimEnd(),
  );
  console.log("\nBudgets:");
  for (const line of budgetLines(results)) console.log(`  ${line}`);
  console.log(`\nWrote docs/benchmarks.md (${ms(results.durationMs)}).`);
  const failed = budgets(results).some((budget) => budget.pass === false);
  return options.strict && failed ? 1 : 0;
}

process.on("exit", killAllNow);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the simulator and the app`);
    killAllNow();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    killAllNow();
    process.exit(1);
  },
);
