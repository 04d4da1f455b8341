/**
 * Database tests run on a real PostgreSQL when DATABASE_URL is set (in a fresh database this run
 * creates and drops), else on embedded PGlite in memory (one per test file).
 */
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    project.provide("testDatabaseUrl", null);
    return;
  }
  const name = `inbox_test_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = createDb({ databaseUrl: url.toString(), poolMax: 2 });
  await runMigrations(handle);
  await handle.close();
  project.provide("testDatabaseUrl", url.toString());
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
