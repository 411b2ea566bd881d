from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from harrier.store import audit
from harrier.store.all_tables import metadata
from harrier.store.blobs import BlobStore


def test_migrations_create_every_table_and_match_the_models(any_store):
    names = set(inspect(any_store.engine).get_table_names())
    assert set(metadata.tables) <= names
    with any_store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def _schema(engine) -> dict:  # type: ignore[no-untyped-def]
    insp = inspect(engine)
    out = {}
    for name in sorted(insp.get_table_names()):
        out[name] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(name)],
            "pk": insp.get_pk_constraint(name)["constrained_columns"],
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in insp.get_indexes(name)),
            "unique": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(name)),
        }
    return out


def test_migrate_twice_is_a_no_op(any_store):
    before = _schema(any_store.engine)
    with any_store.engine.connect() as c:
        heads = sorted(c.execute(text("SELECT version_num FROM alembic_version")).scalars())
    assert len(before) >= len(metadata.tables) and len(heads) >= 5  # one head per area branch
    with any_store.session() as s:
        audit.append(s, actor="alice", action="login")
    any_store.migrate()
    assert _schema(any_store.engine) == before
    with any_store.engine.connect() as c:
        assert sorted(c.execute(text("SELECT version_num FROM alembic_version")).scalars()) == heads
        assert c.execute(text("SELECT actor FROM audit_log")).scalars().all() == ["alice"]


def test_audit_chain_verifies_and_names_first_edited_row(any_store):
    with any_store.session() as s:
        for i in range(5):
            audit.append(s, actor="alice", action="media.reveal", target_type="media", target_id=f"m{i}",
                         details={"i": i})
    with any_store.session() as s:
        res = audit.verify(s)
    assert res.ok and res.checked == 5
    with any_store.session() as s:
        third = s.execute(text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2")).scalar()
        s.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE id = :i"), {"i": third})
    with any_store.session() as s:
        res = audit.verify(s)
    assert not res.ok and res.first_bad_id == third and "edited" in res.reason


def test_audit_chain_detects_a_deleted_row(any_store):
    with any_store.session() as s:
        for _ in range(4):
            audit.append(s, actor="bob", action="login")
    with any_store.session() as s:
        second = s.execute(text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1")).scalar()
        s.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": second})
    with any_store.session() as s:
        res = audit.verify(s)
    assert not res.ok and res.first_bad_id == second + 1


def test_blob_store_is_content_addressed(tmp_path):
    blobs = BlobStore(tmp_path)
    a = blobs.put_bytes(b"hello")
    f = tmp_path / "x.bin"
    f.write_bytes(b"hello")
    assert blobs.put_file(f) == a
    assert a == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert blobs.read(a) == b"hello"
    assert not list(tmp_path.rglob(".incoming-*"))
