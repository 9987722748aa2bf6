"""`make bench`: load a synthetic data set and measure every API shape at scale.

- ``bench.database``: the separate ``jobs_bench`` database (never the development one).
- ``bench.measure``: requests through Django's full WSGI path, their SQL and plans, and
  the "why the design" comparisons.
- ``bench.loadtest``: throughput through nginx -> gunicorn with wrk.
- ``bench.report``: targets, ``results/latest.md`` and ``results/latest.json``.
- ``bench.run``: the command line that ties them together (``python -m bench.run``).
"""
