import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { db, renderApp, requestsTo, server } from "@/testing/test-utils";
import { validateJobName } from "../utils/validate-job-name";

describe("validateJobName", () => {
  it("accepts 200 characters after trimming and counts code points", () => {
    expect(validateJobName(`  ${"a".repeat(200)}  `)).toBeNull();
    expect(validateJobName("😀".repeat(200))).toBeNull();
    expect(validateJobName("a".repeat(201))).toMatch(/at most 200/);
    expect(validateJobName("   ")).toBe("Enter a job name.");
  });
});

describe("create job form", () => {
  it("rejects a blank name without calling the server", async () => {
    const { user } = renderApp("/");
    await screen.findByText("No jobs yet.");
    const input = screen.getByLabelText("Job name");

    await user.type(input, "   ");
    await user.click(screen.getByRole("button", { name: "Create job" }));

    expect(input).toHaveAttribute("aria-invalid", "true");
    const message = screen.getByText("Enter a job name.");
    expect(input).toHaveAttribute("aria-describedby", message.id);
    expect(input).toHaveFocus();
    expect(requestsTo("POST", "/api/jobs/")).toHaveLength(0);

    await user.type(input, "x");
    expect(input).not.toHaveAttribute("aria-invalid");
  });

  it("rejects a name over 200 characters without calling the server", async () => {
    const { user } = renderApp("/");
    const input = await screen.findByLabelText("Job name");
    await user.click(input);
    await user.paste("a".repeat(201));
    await user.click(screen.getByRole("button", { name: "Create job" }));

    expect(screen.getByText(/Use at most 200 characters/)).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(requestsTo("POST", "/api/jobs/")).toHaveLength(0);
  });

  it("shows a server field error inline", async () => {
    server.use(
      http.post("/api/jobs/", () =>
        HttpResponse.json(
          { name: ["Ensure this field has no more than 200 characters."] },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderApp("/");
    const input = await screen.findByLabelText("Job name");
    await user.type(input, "ok-name");
    await user.click(screen.getByRole("button", { name: "Create job" }));

    const message = await screen.findByText(
      "Ensure this field has no more than 200 characters.",
    );
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAttribute("aria-describedby", message.id);
    expect(input).toHaveValue("ok-name");
  });

  it("shows other server errors in an alert", async () => {
    server.use(
      http.post("/api/jobs/", () =>
        HttpResponse.json(
          { detail: "Request was throttled. Expected available in 3 seconds." },
          { status: 429 },
        ),
      ),
    );
    const { user } = renderApp("/");
    await user.type(await screen.findByLabelText("Job name"), "x");
    await user.click(screen.getByRole("button", { name: "Create job" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn’t create the job: Request was throttled.",
    );
    expect(screen.getByLabelText("Job name")).not.toHaveAttribute(
      "aria-invalid",
    );
  });

  it("creates a job that appears in the list without a reload", async () => {
    db.seed([{ name: "existing" }]);
    const { user } = renderApp("/");
    await screen.findByRole("link", { name: "existing" });
    const input = screen.getByLabelText("Job name");

    await user.type(input, "  new-job  ");
    await user.click(screen.getByRole("button", { name: "Create job" }));

    const table = screen.getByRole("table");
    expect(
      await within(table).findByRole("link", { name: "new-job" }),
    ).toBeInTheDocument();
    expect(requestsTo("POST", "/api/jobs/")[0]?.body).toEqual({
      name: "new-job",
    });
    expect(input).toHaveValue("");
    const form = screen
      .getByRole("button", { name: "Create job" })
      .closest("form");
    expect(within(form as HTMLElement).getByRole("status")).toHaveTextContent(
      "Created new-job.",
    );
    await waitFor(() =>
      expect(screen.getByText("Showing 2 of 2")).toBeInTheDocument(),
    );
    const nav = screen.getByRole("navigation", { name: "Filter by status" });
    expect(
      await within(nav).findByRole("link", { name: /Pending\s*2/ }),
    ).toBeInTheDocument();
  });
});
