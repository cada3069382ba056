"""Migration 0005 (companies as entities) on SQLite and PostgreSQL: it builds what the models declare, and it
goes down to 0004 and up again with the companies stored before it untouched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from store import migrations
from store.models import Base
from tests.conftest import fresh_postgres_database

NEW_TABLES = {"company_match_keys", "company_duplicates", "company_merges"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def private_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'captura.db'}"
        migrations.upgrade(url)
        yield url
    else:
        with fresh_postgres_database() as url:
            yield url


def _about_0005(diff: object) -> bool:
    """A difference between models and schema that concerns what 0005 adds."""
    text_of = repr(diff)
    return any(name in text_of for name in (*NEW_TABLES, "merged_into_id")) and "'leads'" not in text_of


def test_the_migrated_schema_is_what_the_models_declare(private_url: str) -> None:
    engine = create_engine(private_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert [d for d in differences if _about_0005(d)] == []


def test_0005_goes_down_and_up_keeping_the_companies(private_url: str) -> None:
    engine = create_engine(private_url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO companies (name, key, created_at) VALUES ('Talleres Ruiz', "
                                "'talleresruiz', CURRENT_TIMESTAMP)"))
    config = migrations.alembic_config(private_url)
    command.downgrade(config, "0004")
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    assert "merged_into_id" not in {c["name"] for c in inspect(engine).get_columns("companies")}
    command.upgrade(config, "head")
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name, merged_into_id FROM companies")).all() == [("Talleres Ruiz", None)]
    engine.dispose()
