import "server-only";
import { and, eq } from "drizzle-orm";
import { customerIdentifiers, customers } from "@/db/schema";

/** CM-2.1 §2: the join from an identifier to its customer, only where both belong to the same instructor. */
export const identifierOfItsCustomer = and(
  eq(customers.id, customerIdentifiers.customerId),
  eq(customers.instructorId, customerIdentifiers.instructorId),
)!;
