import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { db, renderApp, requestsTo, server } from "@/testing/test-utils";
import { validateJobName } from "../utils/validate-job-name";

async function openForm(user: UserEvent): Promise<HTMLElement> {
  await user.click(await screen.findByRole("button", { name: "New job" }));
  return screen.getByLabelText("Job name");
}

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
    const input = await openForm(user);

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
    const input = await openForm(user);
    await user.click(input);
    await user.paste("a".repeat(201));
    await user.click(screen.getByRole("button", { name: "Create job" }));

    expect(screen.getByText(/Use at most 200 characters/)).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(requestsTo("POST", "/api/jobs/")).toHaveLength(0);
  });

  it("shows the server's own field message inline", async () => {
    // The browser's trim() keeps U+001C, Python's strip() removes it: the server
    // is the one that finds this name blank.
    server.use(
      http.post("/api/jobs/", () =>
        HttpResponse.json(
          { name: ["Name must not be blank."] },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderApp("/");
    const input = await openForm(user);
    await user.type(input, "\u001c");
    await user.click(screen.getByRole("button", { name: "Create job" }));

    const message = await screen.findByText("Name must not be blank.");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAttribute("aria-describedby", message.id);
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
    await user.type(await openForm(user), "x");
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
    const input = await openForm(user);

    await user.type(input, "  new-job  ");
    await user.click(screen.getByRole("button", { name: "Create job" }));

    const table = screen.getByRole("table");
    expect(
      await within(table).findByRole("link", { name: "new-job" }),
    ).toBeInTheDocument();
    const post = requestsTo("POST", "/api/jobs/")[0];
    expect(post?.body).toEqual({ name: "new-job" });
    expect(post?.csrf).toBe(db.session.csrfToken);
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
