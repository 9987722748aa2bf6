import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { currentUrl, db, renderApp, requestsTo } from "@/testing/test-utils";

describe("search box", () => {
  it("debounces the search and puts it in the URL", async () => {
    db.seed([{ name: "cfd-wing" }, { name: "render-frame" }]);
    const { user, router } = renderApp("/?sort=oldest");
    await screen.findByRole("link", { name: "render-frame" });
    const before = requestsTo("GET", "/api/jobs/").length;

    await user.type(screen.getByLabelText("Search by name"), "cfd");
    // Nothing is sent per keystroke.
    expect(requestsTo("GET", "/api/jobs/")).toHaveLength(before);

    await waitFor(() =>
      expect(
        screen.queryByRole("link", { name: "render-frame" }),
      ).not.toBeInTheDocument(),
    );
    expect(currentUrl(router)).toBe("/?sort=oldest&search=cfd");
    const searches = requestsTo("GET", "/api/jobs/")
      .slice(before)
      .map((r) => r.params.get("search"));
    expect(searches).toEqual(["cfd"]);
  });

  it("follows the URL on Back", async () => {
    db.seed([{ name: "cfd-wing" }]);
    const { router } = renderApp("/?search=cfd");
    expect(await screen.findByLabelText("Search by name")).toHaveValue("cfd");
    await router.navigate("/?search=wing");
    await waitFor(() =>
      expect(screen.getByLabelText("Search by name")).toHaveValue("wing"),
    );
    await router.navigate(-1);
    await waitFor(() =>
      expect(screen.getByLabelText("Search by name")).toHaveValue("cfd"),
    );
  });

  it("takes focus on /, except while typing in another field", async () => {
    const { user } = renderApp("/");
    await screen.findByText("No jobs yet.");
    const search = screen.getByLabelText("Search by name");

    await user.keyboard("/");
    expect(search).toHaveFocus();
    // The key itself is not typed into the box.
    expect(search).toHaveValue("");

    await user.click(screen.getByRole("button", { name: "New job" }));
    const name = screen.getByLabelText("Job name");
    await user.type(name, "a/b");
    expect(name).toHaveValue("a/b");
    expect(name).toHaveFocus();
  });
});
