import { rmSync } from "node:fs";
import postgres from "postgres";
import { e2eDatabaseUrl, e2ePgliteDir, e2eRunId } from "./e2e-env";

export default async function globalTeardown() {
  const url = e2eDatabaseUrl();
  if (url) {
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
    await admin.end();
  } else {
    rmSync(e2ePgliteDir(), { recursive: true, force: true });
  }
  rmSync(`.test-output/e2e-media-${e2eRunId()}`, { recursive: true, force: true });
}
