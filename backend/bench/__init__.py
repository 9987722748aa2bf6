"""`make bench`: load a synthetic data set and measure every API shape at scale.

A development tool, kept out of the production image; it uses only the app's public
interfaces (the HTTP API, the cursor codec, the list's sorts, the search count cache).

- ``shapes``: what is measured: the request shapes and the throughput loads.
- ``timing``: the in-process WSGI caller and percentiles.
- ``plans``: statements by kind, EXPLAIN plans, index use and sequential scans.
- ``suite``: every shape timed, then its SQL captured and explained.
- ``why``: each design choice against its naive alternative.
- ``throughput``: gunicorn (and nginx) with wrk; ``settings``: its Django settings.
- ``auth``: the token every request sends once the API needs sign-in.
- ``report``: the targets, ``results/latest.md`` and ``latest.json``.
- ``database``: the separate ``jobs_bench`` database.
- ``run``: the command line (``python -m bench.run``); ``profile``: one shape profiled.
"""
