/** Postgres timestamptz text ("2026-05-01 10:00:00.123456+00"), as `::text` gives it. */
export function isTimestampText(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(value);
}
