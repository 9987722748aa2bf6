/** "N new jobs · Show": jobs held back so the rows in view stay put. A live region, always present. */
export function NewJobsBanner({
  count,
  onShow,
}: {
  count: number;
  onShow: () => void;
}) {
  return (
    <div role="status" className="new-jobs">
      {count > 0 ? (
        <button
          type="button"
          className="button button--small button--accent"
          onClick={onShow}
        >
          {count === 1 ? "1 new job" : `${count} new jobs`} · Show
        </button>
      ) : null}
    </div>
  );
}
