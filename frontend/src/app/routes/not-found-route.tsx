import { Link } from "react-router";
import { useDocumentTitle } from "@/hooks/use-document-title";

export function NotFoundRoute() {
  useDocumentTitle("Page not found");
  return (
    <div className="state">
      <h1 className="state__title">Page not found</h1>
      <Link to="/" className="button">
        Back to all jobs
      </Link>
    </div>
  );
}
