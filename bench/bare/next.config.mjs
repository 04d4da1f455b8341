/** The bare Next app of `npm run bench` (see bench/bare/app/api/bare/route.js). Built and started by the bench. */
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
export default { outputFileTracingRoot: root, turbopack: { root } };
