/** WhatsApp's customer service window: free-form replies only within 24 h of the customer's last message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface CustomerServiceWindow {
  open: boolean;
  /** When the window closes (null when the customer never wrote). */
  closesAt: Date | null;
  /** Milliseconds left, 0 when closed. */
  msLeft: number;
}

export function customerServiceWindow({
  lastInboundAt,
  now,
}: {
  lastInboundAt: Date | null;
  now: Date;
}): CustomerServiceWindow {
  if (!lastInboundAt) return { open: false, closesAt: null, msLeft: 0 };
  const closesAt = new Date(lastInboundAt.getTime() + CUSTOMER_SERVICE_WINDOW_MS);
  const msLeft = Math.max(0, closesAt.getTime() - now.getTime());
  return { open: msLeft > 0, closesAt, msLeft };
}
