"""Batch clustering and the ``dedupe`` command over standard input."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from store import clustering
from store.clustering import ClusterConfig, cluster_records
from store.matching import LeadRecord

ROOT = Path(__file__).resolve().parents[2]


def records(*rows: dict) -> list[LeadRecord]:
    return [LeadRecord.from_dict(row) for row in rows]


def run_cli(lines: list[str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "store.dedupe_cli", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_duplicates_cluster_and_strangers_stay_apart() -> None:
    clusters = cluster_records(
        records(
            {"id": 3, "name": "José García", "email": "jose.garcia@gmail.com"},
            {"id": 1, "name": "Pepe Garcia", "email": "josegarcia@gmail.com"},
            {"id": 2, "name": "Ana Ruiz", "phone": "600 000 001"},
        )
    )
    assert clusters == {3: 1, 1: 1, 2: 2}


GIVEN = [
    "Ana",
    "Luis",
    "Eva",
    "Pablo",
    "Marta",
    "Rosa",
    "Jorge",
    "Irene",
    "Diego",
    "Nuria",
    "Óscar",
    "Lucía",
    "Tomás",
    "Sara",
    "Hugo",
    "Elena",
    "Iván",
    "Clara",
    "Raúl",
    "Alba",
    "John",
    "Kate",
    "Peter",
    "Emma",
    "Oliver",
    "Grace",
    "Henry",
    "Chloe",
    "Jack",
    "Ruby",
    "Adam",
    "Zoe",
]
SURNAMES = [
    "Ruiz",
    "Gil",
    "Sanz",
    "Vidal",
    "Cano",
    "Pons",
    "Mora",
    "Soto",
    "Vega",
    "Rey",
    "Pardo",
    "Bravo",
    "Prieto",
    "Nieto",
    "Calvo",
    "Lara",
    "Rubio",
    "Campos",
    "Smith",
    "Brown",
    "Taylor",
    "Walker",
    "Hughes",
    "Clarke",
    "Turner",
    "Baker",
    "Ward",
    "Cooper",
    "Hill",
    "Wood",
    "Bell",
    "Fox",
]


def _sizes(clusters: dict) -> list[int]:
    counts: dict = {}
    for cluster in clusters.values():
        counts[cluster] = counts.get(cluster, 0) + 1
    return sorted(counts.values(), reverse=True)


def test_shared_info_address_does_not_make_one_giant_cluster() -> None:
    names = [f"{g} {s}" for g in GIVEN for s in SURNAMES][:1000]
    rows = [
        {"id": i, "name": name, "email": "info@acme.com", "phone": "+34 910 000 000", "company": "Acme S.L."}
        for i, name in enumerate(names)
    ]
    assert _sizes(cluster_records(records(*rows)))[0] == 1


def test_machine_made_names_sharing_a_switchboard_stay_apart() -> None:
    rows = [
        {"id": i, "name": f"Person{i} Surname{i}", "email": "sales@acme.com", "phone": "+34 910 000 000"}
        for i in range(300)
    ]
    assert _sizes(cluster_records(records(*rows)))[0] == 1


def test_chain_through_a_shared_phone_is_refused() -> None:
    # Two siblings share the family phone; a sloppy third record resembles both.
    clusters = cluster_records(
        records(
            {
                "id": "a",
                "name": "Carmen Ortega",
                "phone": "915555123",
                "date_of_birth": "1970-01-02",
                "email": "carmen@x.es",
            },
            {"id": "b", "name": "Carmen Ortega", "email": "carmen@x.es", "date_of_birth": "1970-01-02"},
            {
                "id": "c",
                "name": "Carmen Ortega",
                "phone": "915555123",
                "date_of_birth": "1999-09-30",
                "email": "carmen.hija@y.es",
            },
        )
    )
    assert clusters["a"] == clusters["b"]
    assert clusters["c"] != clusters["a"]


def test_all_empty_records_are_their_own_clusters() -> None:
    batch = records({"id": 1}, {"id": 2, "name": None, "email": ""}, {"id": 3, "city": " "})
    clusters = cluster_records(batch)
    assert clusters == {1: 1, 2: 2, 3: 3}


def test_cluster_size_cap() -> None:
    rows = [{"id": i, "name": "Ana Ruiz", "email": "ana@ruiz.es"} for i in range(30)]
    clusters = cluster_records(records(*rows), config=ClusterConfig(max_cluster=10))
    assert max(list(clusters.values()).count(c) for c in set(clusters.values())) <= 10


_name = st.sampled_from(["Ana Ruiz", "Ana Ruíz", "Luis Gil", "Pepe Soto", "José Soto", "", None])
_email = st.sampled_from(["ana@x.es", "info@x.es", "jose.soto@gmail.com", "josesoto@gmail.com", "", None])
_phone = st.sampled_from(["600000001", "+34600000001", "910000000", "", None])
_record = st.fixed_dictionaries(
    {"name": _name, "email": _email, "phone": _phone, "company": st.sampled_from(["Acme S.L.", "ACME", None])}
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_record, max_size=25))
def test_clustering_is_deterministic_and_total(rows: list[dict]) -> None:
    batch = records(*({"id": i, **row} for i, row in enumerate(rows)))
    first = cluster_records(batch)
    assert first == cluster_records(batch)
    assert set(first) == {r.id for r in batch}
    for record_id, cluster in first.items():
        assert cluster <= record_id and first[cluster] == cluster  # the smallest id names the cluster


def test_cli_reads_stdin_and_writes_in_input_order() -> None:
    lines = [
        json.dumps({"id": "b", "name": "María López", "phone": "+34 612 345 678"}),
        json.dumps({"id": "a", "name": "Maria Lopez", "phone": "612345678", "email": None}),
        json.dumps({"id": 7, "name": "Otro", "extra_field": [1, 2]}),
        "",
    ]
    result = run_cli(lines)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out == [{"id": "b", "cluster": "a"}, {"id": "a", "cluster": "a"}, {"id": 7, "cluster": 7}]


def test_cli_aborts_on_bad_lines_naming_them() -> None:
    result = run_cli(
        [json.dumps({"id": 1}), "not json", "[1, 2]", json.dumps({"name": "no id"}), json.dumps({"id": 1})]
    )
    assert result.returncode == 2
    assert result.stdout == ""
    for expected in (
        "line 2: not valid JSON",
        "line 3: expected a JSON object",
        'line 4: missing "id"',
        "line 5: duplicate id 1",
    ):
        assert expected in result.stderr


def test_cli_skip_invalid_keeps_going() -> None:
    lines = [json.dumps({"id": 1, "name": "Ana"}), "{broken", json.dumps({"id": 2})]
    result = run_cli(lines, "--skip-invalid")
    assert result.returncode == 0
    assert "line 2" in result.stderr
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [1, 2]


def test_cli_thresholds_and_region_options() -> None:
    lines = [
        json.dumps({"id": 1, "name": "Ana López", "company": "Vega S.L.", "phone": "(415) 555-2671"}),
        json.dumps({"id": 2, "name": "Ana Lopez", "company": "VEGA", "phone": "+1 415 555 2671"}),
    ]
    assert [json.loads(x)["cluster"] for x in run_cli(lines, "--region", "US").stdout.splitlines()] == [1, 1]
    strict = run_cli(lines, "--region", "US", "--auto-merge", "1.0", "--review", "0.9")
    assert [json.loads(x)["cluster"] for x in strict.stdout.splitlines()] == [1, 2]
    assert run_cli(lines, "--auto-merge", "0.5", "--review", "0.9").returncode == 2


_any_text = st.one_of(st.none(), st.text(max_size=40), st.integers())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "name": _any_text,
                "email": _any_text,
                "phone": _any_text,
                "company": _any_text,
                "city": _any_text,
                "address": _any_text,
                "date_of_birth": _any_text,
            }
        ),
        max_size=15,
    )
)
def test_clustering_survives_arbitrary_values(rows: list[dict]) -> None:
    batch = records(*({"id": f"r{i}", **row} for i, row in enumerate(rows)))
    assert set(cluster_records(batch)) == {r.id for r in batch}


def test_huge_values_are_cut_not_slow() -> None:
    batch = records(
        {"id": 1, "name": "Ana " * 50_000, "address": "x" * 100_000}, {"id": 2, "name": "Ana " * 50_000}
    )
    assert set(cluster_records(batch)) == {1, 2}


def test_cli_accepts_a_byte_order_mark_and_crlf() -> None:
    data = "\ufeff" + json.dumps({"id": 1, "name": "Ana"}) + "\r\n" + json.dumps({"id": 2}) + "\r\n"
    result = subprocess.run(
        [sys.executable, "-m", "store.dedupe_cli"],
        input=data.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [json.loads(x)["id"] for x in result.stdout.decode().splitlines()] == [1, 2]


def test_cli_reports_invalid_utf8() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "store.dedupe_cli"],
        input=b'{"id": "\xff"}\n',
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert b"line 1: not valid UTF-8" in result.stderr


def test_parallel_run_equals_single_process_run() -> None:
    """Run in a fresh, single-threaded interpreter, as the CLI does: forking this test runner, which has
    other threads, is what ``_safe_to_fork`` refuses."""
    script = textwrap.dedent(
        """
        import store.clustering as clustering
        from store.clustering import ClusterConfig, cluster_records
        from store.matching import LeadRecord

        given = ["Ana", "Luis", "Marta", "Jorge", "Lucia", "Pablo", "Elena", "Diego"]
        surnames = ["Garcia", "Lopez", "Martin", "Sanchez", "Perez", "Gomez", "Ruiz", "Diaz"]
        rows = [LeadRecord.from_dict({"id": i, "name": f"{given[(i // 3) % 8]} {surnames[(i // 24) % 8]}",
                                      "email": f"p{i // 3}@mail.es", "phone": f"6{(i // 2):08d}", "city": "Madrid"})
                for i in range(600)]
        single = cluster_records(rows, config=ClusterConfig(workers=1))
        clustering.PARALLEL_FROM = 10
        assert clustering._safe_to_fork()
        parallel = cluster_records(rows, config=ClusterConfig(workers=2))
        print(parallel == single, len(set(single.values())) < len(rows))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_a_threaded_process_clusters_in_process() -> None:
    import threading

    import store.clustering as clustering

    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        assert not clustering._safe_to_fork()
    finally:
        stop.set()
        helper.join()


def test_a_switchboard_on_thousands_of_firms_glues_none_of_them() -> None:
    firms = [f"{word} {surname} S.L." for word in ("Talleres", "Bodegas", "Reformas", "Transportes", "Muebles")
             for surname in SURNAMES for _ in range(12)]
    rows = [{"id": i, "company": name, "phone": "+34 910 000 000", "email": "info@grupo.es"}
            for i, name in enumerate(firms)]
    clusters = cluster_records(records(*rows))
    firms_in: dict[object, set[str]] = {}
    for row in rows:
        firms_in.setdefault(clusters[row["id"]], set()).add(row["company"])
    assert all(len(names) == 1 for names in firms_in.values())  # no cluster holds two firms


def test_a_look_alike_letter_joins_a_name_but_never_two_mailboxes() -> None:
    cyrillic_a = "\u0430"
    clusters = cluster_records(records(
        {"id": 1, "name": "Ana Torres Vidal", "email": "ana.torres@correo.es", "phone": "600 100 200"},
        {"id": 2, "name": f"{cyrillic_a.upper()}na Torres Vidal", "email": "ana.torres@correo.es"},
        {"id": 3, "email": f"{cyrillic_a}na.torres@correo.es"},
        {"id": 4, "email": "ana.torres@correo.es"},
    ))
    assert clusters[2] == clusters[1] == clusters[4]
    assert clusters[3] == 3


def test_explain_names_the_link_and_the_fields_that_moved_it() -> None:
    lines = [
        json.dumps({"id": "a", "name": "José García", "email": "jose.garcia@gmail.com"}),
        json.dumps({"id": "b", "name": "Pepe Garcia", "email": "josegarcia@gmail.com"}),
        json.dumps({"id": "c", "company": "Talleres Ruiz S.L."}),
    ]
    result = run_cli(lines, "--explain")
    assert result.returncode == 0, result.stderr
    out = {row["id"]: row for row in map(json.loads, result.stdout.splitlines())}
    joined = out["a"]["explain"]["joined_by"]
    assert joined["id"] == "b" and joined["decision"] == "same" and joined["score"] >= 0.5
    assert joined["fields"]["contact"]["level"] == "email_same" and joined["fields"]["contact"]["bits"] > 0
    assert list(joined["fields"]) == sorted(joined["fields"], key=lambda name: -abs(joined["fields"][name]["bits"]))
    assert out["c"]["explain"] == {} and out["c"]["cluster"] == "c"
    assert all(set(row) == {"id", "cluster"} for row in map(json.loads, run_cli(lines).stdout.splitlines()))


def test_extra_keys_count_unless_they_label_each_record_or_the_whole_batch() -> None:
    def reasons(extra: dict) -> dict:
        batch = records(*({"id": i, "name": "Lucía Vidal Soto", "city": "Vigo", "address": "Rúa Nova 3",
                           **{key: value(i) for key, value in extra.items()}} for i in range(4)))
        return clustering.cluster(batch).explain(batch)[0]["joined_by"]["fields"]

    assert reasons({"state": lambda i: "galicia" if i < 2 else "asturias"})["other"]["level"] in ("same", "different")
    labels = reasons({"row": lambda i: f"line-{i}", "source": lambda i: "crm.csv"})
    assert "other" not in labels and labels["name"]["level"] == "exact"  # a row number and a file name say nothing
