import type { ReactNode } from "react";

type ErrorStateProps = {
  title: string;
  message: string;
  onRetry?: () => void;
  isRetrying?: boolean;
  /** Another way out, beside Retry (e.g. clearing what the server refused). */
  action?: ReactNode;
};

export function ErrorState({
  title,
  message,
  onRetry,
  isRetrying = false,
  action,
}: ErrorStateProps) {
  return (
    <div role="alert" className="state state--error">
      <p className="state__title">{title}</p>
      <p className="state__message">{message}</p>
      {onRetry ? (
        <button
          type="button"
          className="button"
          onClick={onRetry}
          disabled={isRetrying}
        >
          {isRetrying ? "Retrying…" : "Retry"}
        </button>
      ) : null}
      {action}
    </div>
  );
}
