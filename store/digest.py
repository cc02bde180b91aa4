"""Transitional: the module functions bot/ called before `store.digests` and
`store.digest_settings`, kept while bot/ moves into folders; removed once it calls those."""

from __future__ import annotations

from sqlalchemy import Engine

from store.digest_runs import DigestRuns
from store.digest_settings import DigestSetting, DigestSettings

__all__ = ["DigestSetting"]


def digest_settings_all(engine: Engine) -> list[DigestSetting]:
    return DigestSettings(engine).all()


def runs(engine: Engine, *args):
    return DigestRuns(engine).runs(*args)


def claim_run(engine: Engine, *args) -> bool:
    return DigestRuns(engine).claim_run(*args)


def take_over_run(engine: Engine, *args):
    return DigestRuns(engine).take_over_run(*args)


def last_posted(engine: Engine, *args):
    return DigestRuns(engine).last_posted(*args)


def update_run(engine: Engine, *args, **values) -> None:
    DigestRuns(engine).update_run(*args, **values)
