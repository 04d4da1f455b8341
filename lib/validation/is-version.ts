import { isTimestampText } from "./is-timestamp-text";

/** A `version` we issued for optimistic concurrency: the Postgres timestamptz text of updated_at. */
export function isVersion(value: string): boolean {
  return isTimestampText(value);
}
