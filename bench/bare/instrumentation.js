// The bare app has no start-up work; this file keeps Next from loading the main app's instrumentation.
export function register() {}
