"""Migration 0007 (the lead's postcode) on SQLite and PostgreSQL: it builds what the models declare, and it
goes down to 0006 and up again with the leads stored before it untouched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from store import migrations
from store.models import Base
from tests.conftest import fresh_postgres_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def private_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'captura.db'}"
        migrations.upgrade(url)
        yield url
    else:
        with fresh_postgres_database() as url:
            yield url


def _lead_columns(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {column["name"] for column in inspect(engine).get_columns("leads")}
    finally:
        engine.dispose()


def test_the_migrated_leads_table_is_what_the_model_declares(private_url: str) -> None:
    engine = create_engine(private_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert "postcode" in _lead_columns(private_url)
    assert [d for d in differences if "postcode" in repr(d)] == []


def test_0007_follows_0006_and_is_the_head() -> None:
    scripts = ScriptDirectory.from_config(migrations.alembic_config("sqlite://"))
    assert scripts.get_revision("0007").down_revision == "0006"
    assert scripts.get_heads() == ["0007"]


def test_0007_goes_down_and_up_keeping_the_leads(private_url: str) -> None:
    engine = create_engine(private_url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO leads (display_name, name_key, city, postcode, status, score, "
                                "first_channel, created_at, updated_at) VALUES ('Marta Ruiz', 'marta ruiz', "
                                "'Madrid', '28034', 'new', 0, 'api', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    config = migrations.alembic_config(private_url)
    command.downgrade(config, "0006")
    assert "postcode" not in _lead_columns(private_url)
    command.upgrade(config, "head")
    assert "postcode" in _lead_columns(private_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT display_name, city, postcode FROM leads")).all()
    engine.dispose()
    assert rows == [("Marta Ruiz", "Madrid", None)]
