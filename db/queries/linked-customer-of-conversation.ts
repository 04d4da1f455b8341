import "server-only";
import { and, eq } from "drizzle-orm";
import { conversations, customers } from "@/db/schema";

/** CM-2.1 §2: the join from a conversation to its linked customer, only a customer of the same instructor. */
export const linkedCustomerOfConversation = and(
  eq(customers.id, conversations.customerId),
  eq(customers.instructorId, conversations.instructorId),
)!;
