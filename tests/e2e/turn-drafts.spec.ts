import { expect, test, type Locator, type Page } from "@playwright/test";
import { randomInt } from "node:crypto";
import { DEMO, signBody, signIn, textDelivery } from "./helpers";

/**
 * One draft per conversation turn, in Chromium against the e2e server (its own worker drafts the turns):
 * follow-ups that ask nothing keep the draft, a thank-you after a price question keeps the price answer,
 * and editing while the customer writes again never loses or moves the instructor's text.
 * Each test writes as a new sender of its own (Giulia's demo inbox), so nothing is shared with other specs.
 */

function newSender() {
  const from = `4931${randomInt(10_000_000, 99_999_999)}`;
  return { from, name: `Turn ${from.slice(-4)}` };
}

async function post(page: Page, sender: { from: string; name: string }, text: string) {
  const body = JSON.stringify(
    textDelivery({
      phoneNumberId: DEMO.giulia.phoneNumberId,
      from: sender.from,
      text,
      id: `wamid.TURN${Date.now()}${randomInt(1_000_000)}`,
      name: sender.name,
    }),
  );
  const response = await page.request.post("/api/webhook/whatsapp", {
    data: body,
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body) },
  });
  expect(response.status()).toBe(200);
}

async function openConversation(page: Page, sender: { from: string; name: string }, text: string): Promise<Locator> {
  await signIn(page, DEMO.giulia);
  await post(page, sender, text);
  const row = page.getByTestId("conversation-list").getByTestId("conversation-row").filter({ hasText: sender.name });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await row.click();
  await expect(page.getByTestId("thread-messages")).toContainText(text);
  const panel = page.getByTestId("draft-panel");
  await expect(panel).toHaveAttribute("data-state", "proposed", { timeout: 30_000 });
  return panel;
}

/** The customer writes; wait until the thread shows it and the turn's drafting job has run. */
async function customerWrites(page: Page, sender: { from: string; name: string }, text: string) {
  await post(page, sender, text);
  await expect(page.getByTestId("thread-messages")).toContainText(text, { timeout: 15_000 });
  await expect(page.getByTestId("draft-panel")).toHaveAttribute("data-drafting", "false", { timeout: 30_000 });
}

test("👍 and 'ok' after a booking question keep the draft: same proposal, still ready for review", async ({ page }) => {
  const sender = newSender();
  const panel = await openConversation(
    page,
    sender,
    "Hi! Can I book a private ski lesson on Saturday morning for two adults?",
  );
  const draftId = await panel.getAttribute("data-draft-id");
  const proposal = await panel.getByLabel("Draft text").inputValue();
  expect(proposal).not.toBe("");
  for (const followUp of ["👍", "ok"]) {
    await customerWrites(page, sender, followUp);
    await expect(panel).toHaveAttribute("data-state", "proposed");
    await expect(panel).toHaveAttribute("data-draft-id", draftId!);
    await expect(panel.getByLabel("Draft text")).toHaveValue(proposal);
  }
  await expect(panel).not.toContainText("No draft");

  // Approving from the keyboard takes a confirming second key: `a` then Escape sends nothing…
  await page.getByTestId("thread-title").click();
  await page.keyboard.press("a");
  await expect(panel.getByTestId("approve-confirm")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(panel.getByTestId("approve-confirm")).toHaveCount(0);
  await expect(panel).toHaveAttribute("data-state", "proposed");
  // …`a` then Enter sends.
  await page.keyboard.press("a");
  await page.keyboard.press("Enter");
  await expect(panel).toHaveAttribute("data-state", "sent", { timeout: 20_000 });
});

test("'Merci beaucoup !' right after a price question keeps the price answer", async ({ page }) => {
  const sender = newSender();
  const panel = await openConversation(page, sender, "Bonjour, quel est le prix d'une leçon privée de ski ?");
  const draftId = await panel.getAttribute("data-draft-id");
  const proposal = await panel.getByLabel("Draft text").inputValue();
  await customerWrites(page, sender, "Merci beaucoup !");
  await expect(panel).toHaveAttribute("data-draft-id", draftId!);
  await expect(panel).toHaveAttribute("data-state", "proposed");
  await expect(panel.getByLabel("Draft text")).toHaveValue(proposal);
});

test("edit, then the customer writes: unsaved text stays with its draft beside the new proposal; after saving, 'wrote again' offers a fresh proposal", async ({
  page,
}) => {
  const sender = newSender();
  const panel = await openConversation(page, sender, "Hello! Can I book a ski lesson for Sunday?");
  const firstId = await panel.getAttribute("data-draft-id");
  const mine = "Ciao! Sunday at 10:00 works — shall I book it?";
  await panel.getByLabel("Draft text").fill(mine);

  // A real question arrives while the text is unsaved: the turn is re-drafted under a new id.
  await post(page, sender, "How much is a private lesson for two?");
  await expect(panel).toHaveAttribute("data-state", "held", { timeout: 30_000 });
  await expect(panel).not.toHaveAttribute("data-draft-id", firstId!);
  await expect(panel.getByTestId("new-proposal-notice")).toContainText("Your unsaved text is kept");
  await expect(panel.getByLabel("Your unsaved text")).toHaveValue(mine);
  await expect(panel.getByTestId("new-proposal")).not.toBeEmpty();
  await expect(panel.getByRole("button", { name: "Approve & send" })).toHaveCount(0);

  // The instructor decides: their text, for the new messages. Saved: an edited draft. (Whether the
  // turn got a proposal is the policy's call; with none, the click saves the text as the turn's draft.)
  await panel.getByRole("button", { name: "Keep my text for the new messages" }).click();
  await expect(panel.getByLabel("Draft text")).toHaveValue(mine);
  await expect(panel).toHaveAttribute("data-state", /^(edited|proposed)$/);
  if ((await panel.getAttribute("data-state")) === "proposed")
    await panel.getByRole("button", { name: "Save edit" }).click();
  await expect(panel).toHaveAttribute("data-state", "edited");

  // The customer writes again: the edit stays, the panel says so and offers (never forces) a fresh proposal.
  await customerWrites(page, sender, "Also, is there parking near the meeting point?");
  await expect(panel.getByTestId("wrote-after-edit")).toContainText(`${sender.name} wrote again after your edit`);
  await expect(panel).toHaveAttribute("data-state", "edited");
  await expect(panel.getByLabel("Draft text")).toHaveValue(mine);

  const editedId = await panel.getAttribute("data-draft-id");
  await panel.getByRole("button", { name: "Make a fresh proposal" }).click();
  // A new draft for the whole turn replaces the edit (the instructor asked for it); the notice is gone.
  await expect(panel).not.toHaveAttribute("data-draft-id", editedId!, { timeout: 30_000 });
  await expect(panel).toHaveAttribute("data-state", /^(proposed|not_drafted)$/);
  await expect(panel.getByTestId("wrote-after-edit")).toHaveCount(0);
});
