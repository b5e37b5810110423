import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// Every page we serve is held to WCAG 2.2 A/AA and axe's best practices. One helper so
// admin and payer specs check the same rules and report violations the same way.
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** Runs axe on the page as it is now and fails with every violation listed, node by node. */
export async function expectNoAxeViolations(page: Page, options: { exclude?: string[] } = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const report = violations.map((v) => `${v.id} (${v.impact ?? "?"}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`);
  expect(report, `axe on ${page.url()}`).toEqual([]);
}
