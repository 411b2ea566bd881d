"""Hash-bank tables (migration 0002_hashing, Alembic branch "hashing").

- ``hash_banks``: a named list of PDQ or MD5 hashes with its own match threshold and quality floor; an
  ``allow`` bank suppresses matches from the other banks (known-benign images: memes, stock photos).
  ``version`` grows on every change to the bank's entries, ``config_version`` on every change to its
  threshold, floor, role or enabled flag: incremental matching compares them with ``hash_bank_state``.
- ``hash_bank_entries``: one hash per row, with the source's own id and labels.
- ``hash_matches``: the current matches of store media against bank entries (maintained incrementally;
  ``hash.match`` signals are emitted from it).
- ``hash_media``: media hashes already matched against every bank (so new media alone are matched).
- ``hash_bank_state``: per bank, the versions that ``hash_matches`` reflect.
- ``hashing_state``: small key/value state (digests of the last emitted match and cluster snapshots).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from harrier.store.tables import Base, BigId


class HashBank(Base):
    __tablename__ = "hash_banks"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # pdq | md5
    role: Mapped[str] = mapped_column(String(16), default="block")  # block | allow
    threshold: Mapped[int] = mapped_column(Integer, default=31)  # max Hamming distance (pdq); 0 for md5
    quality_floor: Mapped[int] = mapped_column(Integer, default=50)  # media below it are not matched (pdq)
    enabled: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    config_version: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class HashBankEntry(Base):
    __tablename__ = "hash_bank_entries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bank_id: Mapped[int] = mapped_column(BigInteger, index=True)
    hash: Mapped[str] = mapped_column(String(64))  # lower-case hex: 64 chars (pdq) or 32 (md5)
    quality: Mapped[int | None] = mapped_column(Integer)
    source_id: Mapped[str | None] = mapped_column(String(255))  # the id the hash had where it came from
    labels: Mapped[str | None] = mapped_column(Text)  # space-separated tags, as in threatexchange exports
    added_version: Mapped[int] = mapped_column(BigInteger)  # the bank version that added it
    added_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("bank_id", "hash", name="uq_hash_bank_entries_bank_hash"),)


class HashMatch(Base):
    __tablename__ = "hash_matches"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    media_id: Mapped[str] = mapped_column(String(255), index=True)
    bank_id: Mapped[int] = mapped_column(BigInteger, index=True)
    entry_id: Mapped[int] = mapped_column(BigInteger, index=True)
    hash_kind: Mapped[str] = mapped_column(String(16))  # pdq | md5
    media_hash: Mapped[str] = mapped_column(String(64))
    distance: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_hash_matches_media_entry", "media_id", "entry_id", unique=True),)


class HashMedia(Base):
    __tablename__ = "hash_media"
    media_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    pdq: Mapped[str | None] = mapped_column(String(64))
    quality: Mapped[int | None] = mapped_column(Integer)
    md5: Mapped[str | None] = mapped_column(String(32))
    matched_at: Mapped[datetime]


class HashBankState(Base):
    __tablename__ = "hash_bank_state"
    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    matched_version: Mapped[int] = mapped_column(BigInteger)
    matched_config_version: Mapped[int] = mapped_column(BigInteger)


class HashingState(Base):
    __tablename__ = "hashing_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
