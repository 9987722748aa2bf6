import { Link, Outlet, ScrollRestoration } from "react-router";
import { useLiveJobUpdates } from "@/features/jobs/hooks/use-live-job-updates";

export function RootLayout({
  pollIntervalMs,
}: {
  pollIntervalMs: number | false;
}) {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <div className="container app-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Job Dashboard
          </Link>
          <LiveIndicator pollIntervalMs={pollIntervalMs} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="container main">
        <Outlet />
      </main>
      <ScrollRestoration />
    </>
  );
}

function LiveIndicator({ pollIntervalMs }: { pollIntervalMs: number | false }) {
  const stats = useLiveJobUpdates(pollIntervalMs);
  const offline = stats.isError;
  return (
    <p
      role="status"
      className={`live ${offline ? "live--offline" : "live--on"}`}
      title={
        offline
          ? "Can’t reach the server; retrying"
          : "Changes from any client appear within about 2 seconds"
      }
    >
      <span className="live__dot" aria-hidden="true" />
      {offline ? "Reconnecting…" : "Live"}
    </p>
  );
}
