"use client";
/** The browser side of better-auth (talks to /api/auth). */
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
