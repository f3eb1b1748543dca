"""The Dagster history's SQLite files stay open for a refresh, so storing an event never checkpoints them."""

import sqlalchemy
from sqlalchemy.pool import NullPool

from pipelines.defs.instance import history_kept_open


def _store_one_event(engine) -> None:
    """What Dagster's SQLite storage does per event: a new connection, one insert, commit, close."""
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("INSERT INTO events VALUES ('x')"))


def _history(tmp_path):
    engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'index.db'}", poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("PRAGMA journal_mode=WAL"))
        connection.execute(sqlalchemy.text("CREATE TABLE events (name TEXT)"))
    return engine


def test_without_it_the_last_close_checkpoints_and_removes_the_log(tmp_path):
    engine = _history(tmp_path)
    _store_one_event(engine)
    assert not (tmp_path / "index.db-wal").exists()


def test_while_kept_open_the_log_stays_and_every_event_is_stored(tmp_path):
    engine = _history(tmp_path)
    with history_kept_open():
        for _ in range(3):
            _store_one_event(engine)
        assert (tmp_path / "index.db-wal").exists()
        with history_kept_open():  # a nested use (the refresh command around the job's executor)
            _store_one_event(engine)
    with engine.connect() as connection:
        assert connection.execute(sqlalchemy.text("SELECT count(*) FROM events")).scalar() == 4
    assert not (tmp_path / "index.db-wal").exists()  # closed when the refresh ends: checkpointed then
