"""Where one request spends its time: ``cd backend && ../.venv/bin/python -m bench.profile
'/api/jobs/?status=RUNNING' --reps 300``. Sends the request through the WSGI handler in
process, on the bench database as ``make bench`` left it, under pyinstrument (a
development dependency), and prints the call tree."""

from __future__ import annotations

import argparse
from urllib.parse import parse_qsl, urlsplit


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="a path with its query, e.g. /api/jobs/?cursor=")
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--all", action="store_true", help="show every frame, libraries' too")
    parser.add_argument("--interval", type=float, default=0.0002, help="sampling, seconds")
    args = parser.parse_args(argv)

    from bench.database import ensure_bench_database
    from bench.run import configure_environment

    configure_environment(ensure_bench_database())
    import django

    django.setup()
    from pyinstrument import Profiler

    from bench import auth
    from bench.shapes import Shape
    from bench.timing import Caller

    parts = urlsplit(args.url)
    shape = Shape("profile", "profile", parts.path, dict(parse_qsl(parts.query)))
    with auth.signed_in() as headers:
        caller = Caller(headers)
        for _ in range(10):
            caller(shape)
        profiler = Profiler(interval=args.interval)
        with profiler:
            for _ in range(args.reps):
                caller(shape)
    print(profiler.output_text(unicode=True, show_all=args.all, timeline=False))


if __name__ == "__main__":
    main()
