import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { db, renderApp, requestsTo, server } from "@/testing/test-utils";

describe("status select (job page)", () => {
  it("appends the chosen status with a PATCH", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/jobs/1");
    const select = await screen.findByRole("combobox", {
      name: "Change status",
    });
    await user.selectOptions(select, "RUNNING");
    const history = screen.getByRole("list", {
      name: "Status history, oldest first",
    });
    await waitFor(() =>
      expect(within(history).getAllByRole("listitem")).toHaveLength(2),
    );
    expect(requestsTo("PATCH", "/api/jobs/1/")[0]?.body).toEqual({
      status_type: "RUNNING",
    });
    expect(select).toHaveValue("RUNNING");
  });

  it("shows the error and keeps the current status when the change fails", async () => {
    db.seed([{ name: "alpha" }]);
    server.use(
      http.patch("/api/jobs/:id/", () =>
        HttpResponse.json({ detail: "Database unavailable." }, { status: 503 }),
      ),
    );
    const { user } = renderApp("/jobs/1");
    const select = await screen.findByRole("combobox", {
      name: "Change status",
    });
    await user.selectOptions(select, "FAILED");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn’t change status: Database unavailable.",
    );
    expect(select).toHaveValue("PENDING");
  });
});
