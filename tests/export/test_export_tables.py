"""Which marts the NNS export writes: the dbt models marked `meta: {nns_export: true}`, nothing else."""

import json

import duckdb
import pytest

from pipelines.export import ExportedMartError, exported_models, exported_tables


def model(name: str, schema: str = "marts", **meta) -> tuple[str, dict]:
    return f"model.finsam.{name}", {
        "name": name,
        "resource_type": "model",
        "schema": schema,
        "config": {"meta": meta},
    }


MANIFEST = {
    "nodes": dict(
        [
            model("rpt_b", nns_export=True),
            model("fct_a", nns_export=True),
            model("rpt_not_marked"),  # a name is no declaration
            model("fct_marked_false", nns_export=False),
            model("dim_marked", nns_export=True),
            ("test.finsam.not_null_rpt_b_x", {"name": "x", "resource_type": "test", "config": {"meta": {}}}),
        ]
    )
}


def test_the_marked_models_in_name_order_whatever_their_names():
    assert exported_models(MANIFEST) == ["dim_marked", "fct_a", "rpt_b"]


def test_a_marked_model_outside_marts_is_refused():
    manifest = {
        "nodes": dict([model("fct_a", nns_export=True), model("int_x", "intermediate", nns_export=True)])
    }
    with pytest.raises(ExportedMartError, match="outside schema marts: int_x"):
        exported_models(manifest)


def test_a_marked_mart_the_warehouse_lacks_is_named_not_skipped(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(MANIFEST), encoding="utf-8")
    with duckdb.connect() as connection:
        connection.execute("create schema marts")
        for table in ("fct_a", "rpt_b", "rpt_not_marked"):
            connection.execute(f"create table marts.{table} (fiscal_year integer)")
        with pytest.raises(ExportedMartError, match="marks dim_marked, which schema marts"):
            exported_tables(connection, path)
        connection.execute("create table marts.dim_marked (fiscal_year integer)")
        assert exported_tables(connection, path) == ["dim_marked", "fct_a", "rpt_b"]
