// server-only throws outside a React Server environment; unit tests run modules directly.
export {};
