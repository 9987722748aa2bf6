"""Settings of the throughput test's gunicorn: the app's own, with the write throttle
off, so that wrk measures the writes rather than the throttle's refusals."""

from config.settings import *  # noqa: F403
from config.settings import REST_FRAMEWORK

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "writes": None},  # type: ignore[dict-item]
}
