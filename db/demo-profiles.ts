/** Realistic instructor profiles for the demo seed: Giulia (ski, Cortina) and Lukas (sailing, Lake Zurich). */
import type { InstructorProfile } from "@/lib/drafting/instructor-profile";

export const GIULIA_PROFILE: InstructorProfile = {
  offers: [
    {
      name: "Private ski lesson",
      activity: "ski",
      durationMinutes: 60,
      price: 65,
      currency: "EUR",
      groupSizeMin: 1,
      groupSizeMax: 3,
      level: "any",
    },
    {
      name: "Private ski lesson, half day",
      activity: "ski",
      durationMinutes: 180,
      price: 240,
      currency: "EUR",
      groupSizeMin: 1,
      groupSizeMax: 3,
      level: "any",
    },
    {
      name: "Kids group (4–10 years)",
      activity: "ski",
      durationMinutes: 150,
      price: 55,
      currency: "EUR",
      groupSizeMin: 3,
      groupSizeMax: 8,
      level: "beginner",
    },
    {
      name: "Off-piste day",
      activity: "freeride",
      durationMinutes: 420,
      price: 480,
      currency: "EUR",
      groupSizeMin: 1,
      groupSizeMax: 4,
      level: "advanced",
    },
  ],
  meetingPoints: [
    { name: "Faloria cable car, valley station", details: "in front of the ticket office, Cortina d'Ampezzo" },
    { name: "Col Druscié chairlift", details: "at the Scuola Sci hut, for the kids group" },
  ],
  languages: ["it", "en", "de"],
  included: ["helmet for children", "video analysis on request"],
  notIncluded: ["lift pass", "ski rental (15% off at Sport Cortina with my name)"],
  cancellationPolicy:
    "Free cancellation up to 24 hours before. Later, 50% is due. If I cancel for weather, you pay nothing.",
  faq: [
    {
      question: "From what age can children start?",
      answer: "Children can start from 4 years old in private lessons and in the kids group.",
    },
    {
      question: "Do I need ski insurance?",
      answer: "Third-party ski insurance is compulsory in Italy; you can buy it with the lift pass for about €3 a day.",
    },
  ],
};

export const LUKAS_PROFILE: InstructorProfile = {
  offers: [
    {
      name: "Private sailing lesson",
      activity: "sailing",
      durationMinutes: 120,
      price: 180,
      currency: "CHF",
      groupSizeMin: 1,
      groupSizeMax: 4,
      level: "any",
    },
    {
      name: "Half-day sailing trip",
      activity: "sailing",
      durationMinutes: 240,
      price: 320,
      currency: "CHF",
      groupSizeMin: 1,
      groupSizeMax: 6,
      level: "any",
    },
    {
      name: "Beginner course (5 evenings)",
      activity: "sailing",
      durationMinutes: 900,
      price: 590,
      currency: "CHF",
      groupSizeMin: 1,
      groupSizeMax: 1,
      level: "beginner",
    },
  ],
  meetingPoints: [{ name: "Hafen Enge, Zürich", details: "pier 3, next to the sailing school container" }],
  languages: ["de", "en", "fr"],
  included: ["boat", "life jackets", "fuel"],
  notIncluded: ["sailing gloves", "drinks"],
  cancellationPolicy:
    "Free cancellation up to 48 hours before. If the wind warning lights are on, we move the lesson at no cost.",
  faq: [
    {
      question: "Do I need a sailing licence?",
      answer: "No, you sail with me on my boat; no licence is needed for lessons.",
    },
    {
      question: "What should I wear on the boat?",
      answer: "Soft-soled shoes, a windproof jacket and sunglasses; it is always colder on the lake.",
    },
  ],
};
