"""Prefect flow: extract claims from files/folders into a parquet dataset folder.

Run once, locally, with no Prefect server configured (Prefect's ephemeral mode)::

    python flows/extract_claims.py data/samples --out out/flow

Same tables as ``claimnlp extract data/samples --out out/flow`` (both call
``claimnlp.runner.run``). Scale out over Dask (prefect-dask)::

    python flows/extract_claims.py INPUT... --out DIR --dask-workers 2          # local cluster
    python flows/extract_claims.py INPUT... --out DIR --dask-address tcp://host:8786

Serve on a schedule (needs a Prefect server; see ``flows/README.md``)::

    prefect server start &                       # http://127.0.0.1:4200
    prefect config set PREFECT_API_URL=http://127.0.0.1:4200/api
    python flows/extract_claims.py INPUT... --out DIR --serve --cron "0 2 * * *"

Design (house style: thin flows over plain functions): the flow plans in its own
process (``runner.run`` reads inputs lazily, skips unchanged documents and
commits parts to the manifest), and each batch is a task making one library
call, :func:`claimnlp.runner.run_batch`, which processes the batch and writes
its part atomically, returning a small ``PartInfo``. Batch tasks are not
retried (a parse error is deterministic) and not cached by Prefect: skipping
is done by the store's manifest, keyed by content hash and pipeline version.

Offline settings (set by ``__main__`` unless already set, and by the tests):
``DO_NOT_TRACK=1`` and ``PREFECT_SERVER_ANALYTICS_ENABLED=false`` turn off
Prefect's phone-home; ``PREFECT_HOME`` is created if missing;
``PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=90`` gives the ephemeral
server time on a slow machine; ``PREFECT_LOGGING_EXTRA_LOGGERS=claimnlp`` routes
the library's logs (progress, summary) into the flow-run logs, and
``PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW=ignore`` keeps library logs emitted
outside a run (e.g. while a worker loads the pipeline) from warning.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

OFFLINE_ENV = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "claimnlp",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def offline_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Set the offline Prefect settings (without overriding ones already set)."""
    env = os.environ if environ is None else environ
    for k, v in OFFLINE_ENV.items():
        env.setdefault(k, v)
    home = env.setdefault("PREFECT_HOME", str(Path.home() / ".prefect"))
    Path(home).mkdir(parents=True, exist_ok=True)
    return dict(env)


if __name__ == "__main__":  # before Prefect is imported
    offline_env()

import dataclasses  # noqa: E402
import logging  # noqa: E402
from typing import Any  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from claimnlp import runner, store  # noqa: E402


@task(name="process-batch", cache_policy=NONE, persist_result=False, retries=0)
def process_batch(job: runner.BatchJob) -> store.PartInfo:
    """Process one batch of documents and write its part (one library call)."""
    return runner.run_batch(job)


def _worker_env() -> dict[str, str]:
    """Environment for local Dask workers: point them at this process's Prefect API.

    Without ``PREFECT_API_URL`` every worker process would start its own
    ephemeral Prefect server (about 10 s each); when this flow runs on the
    ephemeral server, the workers use that one instead.
    """
    from prefect.settings import get_current_settings

    env = {k: os.environ[k] for k in (*OFFLINE_ENV, "PREFECT_HOME", "CLAIMNLP_PROCESSOR", "CLAIMNLP_CONFIG",
                                      "CLAIMNLP_MODELS_DIR", "PYTHONPATH") if k in os.environ}
    url = get_current_settings().api.url
    if not url:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        url = server.api_url if server.running else None
    if url:
        env["PREFECT_API_URL"] = url
    return env


def make_task_runner(dask_address: str | None = None, dask_workers: int = 0) -> Any:
    """Local (one batch at a time, in threads of this process) or Dask via prefect-dask."""
    if dask_address or dask_workers:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None,
                                              "env": _worker_env()})
    return ThreadPoolTaskRunner(max_workers=1)


@flow(name="extract-claims-batches")
def extract_batches(inputs: list[str], out: str, batch_size: int = 32, prune: bool = False,
                    in_flight: int = 2) -> dict[str, Any]:
    """Plan, process batches as tasks on this flow's task runner, commit; return the summary."""
    log = get_run_logger()
    lib_logger = logging.getLogger("claimnlp")
    if lib_logger.level == logging.NOTSET:  # Prefect attaches its handlers to extra loggers but leaves them at
        lib_logger.setLevel(logging.INFO)   # the root's WARNING: let progress (INFO) reach the run logs
    summary = runner.run(inputs, out, batch_size=batch_size, prune=prune,
                         executor=lambda job: process_batch.submit(job), max_in_flight=in_flight)
    log.info("summary: %s", summary.line())
    return dataclasses.asdict(summary)


@flow(name="extract-claims")
def extract_claims(inputs: list[str], out: str, batch_size: int = 32, prune: bool = False,
                   dask_address: str | None = None, dask_workers: int = 0) -> dict[str, Any]:
    """Extract claims from ``inputs`` (files/folders) into the dataset folder ``out``.

    Parameters
    ----------
    inputs, out, batch_size, prune:
        As for ``claimnlp extract``.
    dask_address:
        Address of an existing Dask scheduler (``tcp://host:8786``).
    dask_workers:
        Start a local Dask cluster with this many worker processes (0: no Dask).
    """
    task_runner = make_task_runner(dask_address, dask_workers)
    in_flight = 2 * max(1, dask_workers) if (dask_address or dask_workers) else 2
    if dask_address and not dask_workers:
        in_flight = 8
    sub = extract_batches.with_options(task_runner=task_runner)
    return sub(inputs=[str(i) for i in inputs], out=str(out), batch_size=batch_size, prune=prune,
               in_flight=in_flight)


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="flows/extract_claims.py", description=__doc__.splitlines()[0])
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--prune", action="store_true")
    p.add_argument("--dask-address", default=None, metavar="tcp://HOST:PORT")
    p.add_argument("--dask-workers", type=int, default=0, metavar="N")
    p.add_argument("--serve", action="store_true", help="serve the flow on a schedule (needs a Prefect server)")
    p.add_argument("--cron", default="0 2 * * *", help='cron schedule for --serve (default "0 2 * * *")')
    p.add_argument("--name", default="extract-claims-scheduled", help="deployment name for --serve")
    args = p.parse_args(argv)
    if args.batch_size < 1 or args.dask_workers < 0:
        p.error("--batch-size must be >= 1 and --dask-workers >= 0")
    # a served flow may run from another working directory: give it absolute paths
    absolute = args.serve
    params = {"inputs": [str(Path(i).resolve()) if absolute else i for i in args.inputs],
              "out": str(Path(args.out).resolve()) if absolute else args.out,
              "batch_size": args.batch_size, "prune": args.prune, "dask_address": args.dask_address,
              "dask_workers": args.dask_workers}
    if args.serve:
        extract_claims.serve(name=args.name, cron=args.cron, parameters=params)
        return 0
    try:
        summary = extract_claims(**params)
    except store.StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    s = runner.RunSummary(**summary)
    print(f"Tables written to {s.out}/ (documents/, claims/, mentions/, errors/)")
    print(s.line())
    if s.failed or s.input_errors:
        print(f"{s.failed + s.input_errors} input(s) failed; see {s.out}/errors/")
    return 0 if s.ok else 1


if __name__ == "__main__":
    sys.exit(main())
