#!/usr/bin/env python3
"""Adds other platforms' optional binaries to package-lock.json.

Some npm registries (mirrors) serve only the packages of their own platform, so `npm install`
cannot record e.g. @biomejs/cli-darwin-arm64 and `npm ci` then rejects the lock as out of sync.
This adds each missing optional dependency with its version and the os/cpu/libc its name states,
so `npm ci` skips it on other platforms and fetches it where it belongs. Run after `npm install`:
    python3 scripts/complete-lockfile.py
"""
import json
import re
import sys

OS = {"darwin": "darwin", "linux": "linux", "win32": "win32", "android": "android", "freebsd": "freebsd",
      "openbsd": "openbsd", "sunos": "sunos", "aix": "aix", "netbsd": "netbsd", "openharmony": "openharmony"}
CPU = {"arm64": "arm64", "x64": "x64", "ia32": "ia32", "arm": "arm", "gnueabihf": "arm", "wasm32": "wasm32",
       "ppc64": "ppc64", "s390x": "s390x", "riscv64": "riscv64", "loong64": "loong64", "mips64el": "mips64el"}


def platform_of(name):
    parts = re.split(r"[-/_]", name.split("/")[-1])
    entry = {}
    os_ = [OS[p] for p in parts if p in OS]
    cpu = [CPU[p] for p in parts if p in CPU]
    if os_:
        entry["os"] = [os_[0]]
    if cpu:
        entry["cpu"] = [cpu[-1] if "gnueabihf" not in parts else "arm"]
    if "musl" in parts:
        entry["libc"] = ["musl"]
    elif os_ and os_[0] == "linux" and "gnu" in parts:
        entry["libc"] = ["glibc"]
    return entry


def main(path="package-lock.json"):
    with open(path) as handle:
        lock = json.load(handle)
    packages = lock["packages"]
    added = []
    for location, package in list(packages.items()):
        for name, spec in (package.get("optionalDependencies") or {}).items():
            base = location + "/node_modules/" if location else "node_modules/"
            if any(key in packages for key in (base + name, "node_modules/" + name)):
                continue
            if not re.fullmatch(r"\d+\.\d+\.\d+(-[\w.]+)?", spec):
                continue  # only exact pins are safe to write down
            platform = platform_of(name)
            if not platform.get("os") and not platform.get("cpu"):
                continue  # not a platform binary: leave it to npm
            packages["node_modules/" + name] = {"version": spec, "optional": True, **platform}
            added.append(f"{name}@{spec}")
    lock["packages"] = dict(sorted(packages.items(), key=lambda item: (item[0] != "", item[0])))
    with open(path, "w") as handle:
        json.dump(lock, handle, indent=2)
        handle.write("\n")
    print(f"{path}: added {len(added)} optional platform packages")


if __name__ == "__main__":
    main(*sys.argv[1:])
