import { describe, expect, it } from "vitest";
import { acceptsGzip } from "@/scripts/static-assets";

// The self-hosted server sends the build's scripts gzipped only to clients that take gzip
// (RFC 9110 §12.5.3: a coding with q=0 is refused; `*` stands for any coding not named).

describe("acceptsGzip", () => {
  it("takes gzip when named or covered by *, with any weight above zero", () => {
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsGzip("br;q=1.0, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("x-gzip")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("br, *;q=0.1")).toBe(true);
  });

  it("refuses gzip when not asked for, weighed zero, or excluded ahead of *", () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip("")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip("br, deflate")).toBe(false);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("gzip; q=0.000, br")).toBe(false);
    expect(acceptsGzip("*;q=0")).toBe(false);
    expect(acceptsGzip("gzip;q=0, *")).toBe(false);
    expect(acceptsGzip("*, gzip;q=0")).toBe(false);
  });
});
