import { isRouteErrorResponse, useRouteError } from "react-router";

/** Last resort for a render error: say so and offer a reload instead of a blank page. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : "Unknown error";
  return (
    <main className="container main">
      <div role="alert" className="state state--error">
        <h1 className="state__title">Something went wrong.</h1>
        <p className="state__message">{message}</p>
        <button
          type="button"
          className="button"
          onClick={() => window.location.reload()}
        >
          Reload
        </button>
      </div>
    </main>
  );
}
