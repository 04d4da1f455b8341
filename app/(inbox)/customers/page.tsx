import type { Metadata } from "next";
import { listCustomers } from "@/db/queries/customers";
import { requireSignedInPage } from "@/server/auth-session";
import { CustomersView } from "./_components/customers-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage() {
  const { instructor } = await requireSignedInPage();
  const initialPage = await listCustomers({ instructorId: instructor.id });
  return <CustomersView initialPage={initialPage} defaultRegion={instructor.defaultRegion} />;
}
