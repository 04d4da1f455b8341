/**
 * `npm run instructor:add -- --email … --name … --password … --phone-number-id … --region …`
 * Onboards an instructor (idempotent on email; a clear error on a taken phone_number_id).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDb, getDbHandle } from "@/db";
import { runMigrations } from "@/db/migrate";
import { addInstructor, PhoneNumberIdTakenError } from "@/db/queries/instructors";

const argsSchema = z.object({
  email: z.email("--email must be an e-mail address"),
  name: z.string().trim().min(1, "--name is required"),
  password: z.string().min(8, "--password must be at least 8 characters"),
  "phone-number-id": z.string().regex(/^\d{5,20}$/, "--phone-number-id must be WhatsApp's numeric phone_number_id"),
  region: z.string().regex(/^[A-Za-z]{2}$/, "--region must be a two-letter country code such as IT or CH"),
});

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
    "phone-number-id": { type: "string" },
    region: { type: "string" },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`error: ${issue.message}`);
  process.exit(2);
}

const handle = getDbHandle();
try {
  await runMigrations(handle);
  const { instructor, created } = await addInstructor({
    db: handle.db,
    email: parsed.data.email,
    name: parsed.data.name,
    password: parsed.data.password,
    phoneNumberId: parsed.data["phone-number-id"],
    region: parsed.data.region,
  });
  console.log(
    `${created ? "Created" : "Updated"} instructor ${instructor.name} <${instructor.email}> (phone_number_id ${instructor.whatsappPhoneNumberId}, region ${instructor.defaultRegion})`,
  );
} catch (error) {
  if (error instanceof PhoneNumberIdTakenError) {
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await closeDb();
}
