import { describe, expect, it } from "vitest";
import { restRequest } from "@/lib/github/rest";

// A REST route and its parameters make the request GitHub documents: placeholders filled (one
// path segment each, a file path keeping its slashes), the rest as the query of a GET or the body
// of a write.

describe("REST requests built from GitHub's routes", () => {
  it("fills the placeholders, encoding each segment", () => {
    expect(
      restRequest("PUT /repos/{owner}/{repo}/contents/{path}", {
        owner: "octo",
        repo: "cli.js",
        path: ".github/workflows/release 1.yml",
        message: "m",
        content: "",
      }),
    ).toEqual({
      method: "PUT",
      path: "/repos/octo/cli.js/contents/.github/workflows/release%201.yml",
      body: { message: "m", content: "" },
    });
  });

  it("sends a GET's other parameters as its query, in the order given", () => {
    expect(
      restRequest("GET /repos/{owner}/{repo}/pulls", {
        owner: "octo",
        repo: "cli",
        state: "open",
        head: "octo:tagwatch/dispatch-release",
      }),
    ).toEqual({
      method: "GET",
      path: "/repos/octo/cli/pulls?state=open&head=octo%3Atagwatch%2Fdispatch-release",
      body: undefined,
    });
  });

  it("sends a write with no other parameters with an empty body", () => {
    expect(
      restRequest("POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun", {
        owner: "octo",
        repo: "cli",
        run_id: 42,
      }),
    ).toEqual({ method: "POST", path: "/repos/octo/cli/actions/runs/42/rerun", body: {} });
  });
});
