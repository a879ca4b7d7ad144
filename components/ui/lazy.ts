import { type ComponentType, type LazyExoticComponent, lazy } from "react";

// The one way a component loads after its page: React.lazy (React's own API, the same on the
// server, in the browser and in unit tests), inside a <Suspense> the caller places where the wait
// belongs.

/** The export `name` of the module `load()` imports, as a component that loads on first render. */
export function lazyNamed<Name extends string, Props>(
  load: () => Promise<Record<Name, ComponentType<Props>>>,
  name: Name,
): LazyExoticComponent<ComponentType<Props>> {
  return lazy(async () => ({ default: (await load())[name] }));
}
