/** zod schema of PUT /api/settings/profile: the whole profile and the version it was read at. Pure. */
import { z } from "zod";
import { instructorProfileSchema } from "@/lib/drafting/instructor-profile";

export const updateProfileSchema = z.object({
  profile: instructorProfileSchema,
  version: z.string().min(1).max(100),
});
