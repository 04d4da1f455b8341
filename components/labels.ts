import type { IntentName, LanguageCode } from "@/lib/vocabulary";

/** How intents and languages are named in the inbox (draft panel, settings). */
export const INTENT_LABEL: Record<IntentName, string> = {
  booking_request: "Booking request",
  availability_question: "Availability question",
  price_question: "Price question",
  reschedule: "Reschedule",
  cancellation: "Cancellation",
  complaint: "Complaint",
  general_question: "General question",
  greeting_thanks: "Greeting / thanks",
  other: "Other",
};

export const LANGUAGE_LABEL: Record<LanguageCode, string> = {
  en: "English",
  it: "Italian",
  de: "German",
  fr: "French",
  es: "Spanish",
};
