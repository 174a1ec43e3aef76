// In tests, response bodies are read loosely and checked with expect(); `unknown` would
// only add casts. (The overload is global to the type-check; src never parses a Response as JSON.)
declare global {
  interface Response {
    json(): Promise<any>;
  }
}
export {};
