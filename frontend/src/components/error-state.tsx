type ErrorStateProps = {
  title: string;
  message: string;
  onRetry?: () => void;
  isRetrying?: boolean;
};

export function ErrorState({
  title,
  message,
  onRetry,
  isRetrying = false,
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
    </div>
  );
}
