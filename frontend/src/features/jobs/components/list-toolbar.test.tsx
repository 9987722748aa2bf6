import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { currentUrl, db, renderApp, requestsTo } from "@/testing/test-utils";

describe("list toolbar", () => {
  it("sorts through the URL and the request", async () => {
    db.seed([{ name: "bravo" }, { name: "alpha" }, { name: "charlie" }]);
    const { user, router } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });

    await user.selectOptions(screen.getByLabelText("Sort by"), "name_asc");

    await waitFor(() =>
      expect(
        screen
          .getAllByRole("link", { name: /^(alpha|bravo|charlie)$/ })
          .map((a) => a.textContent),
      ).toEqual(["alpha", "bravo", "charlie"]),
    );
    expect(currentUrl(router)).toBe("/?sort=name_asc");
    expect(requestsTo("GET", "/api/jobs/").at(-1)?.params.get("sort")).toBe(
      "name_asc",
    );
  });

  it("offers the time format beside the sort", async () => {
    renderApp("/");
    await screen.findByText("No jobs yet.");
    expect(screen.getByLabelText("Times")).toHaveValue("relative");
  });
});
