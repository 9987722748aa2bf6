import { Navigate, Outlet, useLocation } from "react-router";
import { ErrorState } from "@/components/error-state";
import { getErrorMessage } from "@/lib/api-client";
import { useUser } from "@/lib/auth/get-me";

/** The signed-in part of the app: nobody signed in goes to /login?next=<this URL>. */
export function RequireAuth() {
  const location = useLocation();
  const me = useUser();

  if (me.isPending) {
    return (
      <p role="status" className="visually-hidden">
        Loading…
      </p>
    );
  }
  if (me.isError) {
    return (
      <main id="main" className="container main">
        <ErrorState
          title="Couldn’t reach the server."
          message={getErrorMessage(me.error)}
          onRetry={() => void me.refetch()}
          isRetrying={me.isFetching}
        />
      </main>
    );
  }
  if (me.data === null) {
    const next = `${location.pathname}${location.search}${location.hash}`;
    const search = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
    return <Navigate to={`/login${search}`} replace />;
  }
  return <Outlet />;
}
