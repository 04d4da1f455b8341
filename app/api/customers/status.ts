import type { SaveCustomerResult } from "@/db/queries/customers";

export function statusForSaveCustomer(result: SaveCustomerResult): number {
  switch (result.kind) {
    case "saved":
      return result.created ? 201 : 200;
    case "invalid":
      return 422;
    case "not_found":
      return 404;
    case "conflict":
      return 409;
  }
}
