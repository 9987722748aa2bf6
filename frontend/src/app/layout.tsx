import { Link, Outlet, ScrollRestoration } from "react-router";
import { ThemeToggle } from "@/components/theme-toggle";
import { UserMenu } from "@/features/auth/components/user-menu";
import { LiveIndicator } from "@/features/jobs/components/live-indicator";
import { LiveUpdatesProvider } from "@/features/jobs/components/live-updates-provider";
import { ShortcutsHelp } from "./shortcuts-help";

function Header({ children }: { children?: React.ReactNode }) {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <div className="container app-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true" />
            <span className="brand__name">Job Dashboard</span>
          </Link>
          <div className="app-header__tools">
            {children}
            <ThemeToggle />
          </div>
        </div>
      </header>
    </>
  );
}

export function RootLayout({
  pollIntervalMs,
}: {
  pollIntervalMs: number | false;
}) {
  return (
    <LiveUpdatesProvider intervalMs={pollIntervalMs}>
      <Header>
        <LiveIndicator />
        <ShortcutsHelp />
        <UserMenu />
      </Header>
      <main id="main" tabIndex={-1} className="container main">
        <Outlet />
      </main>
      <ScrollRestoration />
    </LiveUpdatesProvider>
  );
}

/** The sign-in page's frame: no live updates, no account. */
export function PublicLayout() {
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1} className="container main main--narrow">
        <Outlet />
      </main>
    </>
  );
}
