import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { addInstructor, PhoneNumberIdTakenError } from "@/db/queries/instructors";
import { conversations, drafts, instructors } from "@/db/schema";
import { uniqueSuffix } from "../helpers/factories";

describe("addInstructor (npm run instructor:add)", () => {
  it("is idempotent on email: a second run updates the instructor instead of adding one", async () => {
    const s = uniqueSuffix();
    const args = {
      db,
      email: `Onboard-${s}@Example.com`,
      name: "First",
      password: "password-1",
      phoneNumberId: `9${Date.now()}`,
      region: "it",
    };
    const first = await addInstructor(args);
    const second = await addInstructor({ ...args, name: "Second", region: "CH" });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.instructor.id).toBe(first.instructor.id);
    expect(second.instructor).toMatchObject({ name: "Second", defaultRegion: "CH", email: `onboard-${s}@example.com` });
    const rows = await db
      .select()
      .from(instructors)
      .where(eq(instructors.email, `onboard-${s}@example.com`));
    expect(rows).toHaveLength(1);
  });

  it("refuses a phone_number_id that belongs to another instructor, with a clear error", async () => {
    const phoneNumberId = `8${Date.now()}`;
    await addInstructor({
      db,
      email: `a-${uniqueSuffix()}@x.test`,
      name: "A",
      password: "password-1",
      phoneNumberId,
      region: "IT",
    });
    await expect(
      addInstructor({
        db,
        email: `b-${uniqueSuffix()}@x.test`,
        name: "B",
        password: "password-1",
        phoneNumberId,
        region: "IT",
      }),
    ).rejects.toBeInstanceOf(PhoneNumberIdTakenError);
  });
});

describe("the demo seed", () => {
  it("shows every draft state the demo promises, and two instructors' conversations from one number", async () => {
    const { seedDemo, DEMO_INSTRUCTORS } = await import("@/db/seed");
    const existing = await db
      .select()
      .from(instructors)
      .where(
        inArray(
          instructors.email,
          DEMO_INSTRUCTORS.map((d) => d.email),
        ),
      );
    // The seed owns fixed demo e-mails and numbers; on a shared test database run it only once.
    if (existing.length === 0) await seedDemo(db);
    const demo = await db
      .select()
      .from(instructors)
      .where(
        inArray(
          instructors.email,
          DEMO_INSTRUCTORS.map((d) => d.email),
        ),
      );
    expect(demo).toHaveLength(2);
    const giulia = demo.find((d) => d.email === "giulia@demo.inbox")!;
    const states = new Set(
      (await db.select({ state: drafts.state }).from(drafts).where(eq(drafts.instructorId, giulia.id))).map(
        (r) => r.state,
      ),
    );
    for (const state of ["proposed", "edited", "sent", "rejected", "superseded", "not_drafted"])
      expect(states).toContain(state);
    const sameNumber = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.externalIdentity, "393471112233")));
    expect(
      new Set(sameNumber.filter((c) => demo.some((d) => d.id === c.instructorId)).map((c) => c.instructorId)).size,
    ).toBe(2);
  });
});
