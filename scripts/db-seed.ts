/** `npm run db:seed`: migrate, then load the demo data (refuses to seed a database that has instructors). */
import { closeDb, getDbHandle } from "@/db";
import { runMigrations } from "@/db/migrate";
import { isDatabaseEmpty, seedDemo } from "@/db/seed";

const handle = getDbHandle();
try {
  await runMigrations(handle);
  if (!(await isDatabaseEmpty(handle.db))) {
    console.log(
      "The database already has instructors: not seeding it again. Demo logins, if it was seeded: giulia@demo.inbox / demo-password, lukas@demo.inbox / demo-password",
    );
  } else {
    const { logins } = await seedDemo(handle.db);
    console.log("Seeded demo data. Demo logins:");
    for (const l of logins) console.log(`  ${l.email}  /  ${l.password}   (${l.name})`);
  }
} finally {
  await closeDb();
}
