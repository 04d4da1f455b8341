/**
 * Whether a drafting run replaces, keeps or skips the conversation's current draft, and which of the turn's
 * messages the drafter reads (lib/drafting/decide-turn-redraft.ts).
 */
import { describe, expect, it } from "vitest";
import type { DraftState } from "@/lib/vocabulary";
import { decideTurnRedraft, HUMAN_DRAFT_STATES } from "@/lib/drafting/decide-turn-redraft";

const msg = (id: string, body: string | null, type = "text") => ({ id, type, body });
const question = msg("m1", "Quanto costa una lezione di due ore?");
const thanks = msg("m2", "Merci beaucoup !");
const thumbs = msg("m3", "👍", "reaction");
const photo = msg("m4", null, "image");
const second = msg("m5", "E sabato mattina siete liberi?");
const draftOn = (messageId: string, state: DraftState = "proposed") => ({ id: "d1", messageId, state });

describe("no open turn", () => {
  it("with no current draft there is nothing to draft or close", () => {
    expect(decideTurnRedraft({ turn: [], current: null })).toEqual({ action: "skip", closeCurrent: false });
  });

  it("a machine proposal for the closed turn is closed as stale", () => {
    for (const state of ["proposed", "not_drafted", "failed", "pending"] as DraftState[]) {
      expect(decideTurnRedraft({ turn: [], current: draftOn("m1", state) }), state).toEqual({
        action: "skip",
        closeCurrent: true,
      });
    }
  });

  it("a draft a human touched is never closed", () => {
    for (const state of HUMAN_DRAFT_STATES) {
      expect(decideTurnRedraft({ turn: [], current: draftOn("m1", state) }), state).toEqual({
        action: "skip",
        closeCurrent: false,
      });
    }
  });
});

describe("a current draft for this turn", () => {
  it("that covers the newest message is kept (a retried job calls no model)", () => {
    expect(decideTurnRedraft({ turn: [question], current: draftOn("m1") })).toEqual({
      action: "keep",
      draftId: "d1",
      reason: "up to date",
    });
  });

  it("is kept when the newer messages ask nothing: a thank-you, a reaction, a photo", () => {
    expect(decideTurnRedraft({ turn: [question, thanks, thumbs, photo], current: draftOn("m1") })).toEqual({
      action: "keep",
      draftId: "d1",
      reason: "new messages ask nothing",
    });
  });

  it("is replaced when a newer message asks something", () => {
    expect(decideTurnRedraft({ turn: [question, thanks, second], current: draftOn("m1") })).toMatchObject({
      action: "draft",
    });
  });

  it("edited or approved by the instructor is kept even when the customer asks again", () => {
    for (const state of HUMAN_DRAFT_STATES) {
      expect(decideTurnRedraft({ turn: [question, second], current: draftOn("m1", state) }), state).toEqual({
        action: "keep",
        draftId: "d1",
        reason: "edited by the instructor",
      });
    }
  });

  it("a fresh proposal asked by the instructor replaces it, even up to date or edited", () => {
    expect(decideTurnRedraft({ turn: [question], current: draftOn("m1"), fresh: true })).toMatchObject({
      action: "draft",
    });
    expect(
      decideTurnRedraft({ turn: [question, thanks], current: draftOn("m1", "edited"), fresh: true }),
    ).toMatchObject({ action: "draft" });
  });
});

describe("no current draft for this turn", () => {
  it("with none at all, the turn is drafted", () => {
    expect(decideTurnRedraft({ turn: [question], current: null })).toEqual({ action: "draft", messages: [question] });
  });

  it("a draft of an earlier turn (a reply went out since) is replaced whatever its state", () => {
    for (const state of ["proposed", ...HUMAN_DRAFT_STATES] as DraftState[]) {
      expect(decideTurnRedraft({ turn: [second], current: draftOn("m0", state) }), state).toEqual({
        action: "draft",
        messages: [second],
      });
    }
  });
});

describe("the turn as the drafter reads it", () => {
  it("when something asks, messages that ask nothing are left out but photos stay as context", () => {
    expect(decideTurnRedraft({ turn: [question, thanks, photo, thumbs], current: null })).toEqual({
      action: "draft",
      messages: [question, photo],
    });
  });

  it("when nothing asks, the whole turn is read", () => {
    expect(decideTurnRedraft({ turn: [thanks, thumbs], current: null })).toEqual({
      action: "draft",
      messages: [thanks, thumbs],
    });
  });
});
