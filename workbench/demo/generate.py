"""Generates the demo exports and their answer key, deterministically from one seed."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from workbench.demo import writers
from workbench.demo.answer_key import build_answer_key, write_answer_key, write_truth
from workbench.demo.catalog import AGENTS, END, make_customers
from workbench.demo.chats import ChatWriter
from workbench.demo.compose import Composer
from workbench.demo.generated import Generated
from workbench.demo.phrases_pos import SPAM
from workbench.demo.plan import Planner
from workbench.demo.render import Renderer, spam_text
from workbench.demo.spec import Spec
from workbench.paths import DEMO_DIR

SEED = 20260301
CUSTOMERS = 9000
NAMES = {"chats": "soundjoy_chats.xlsx", "tickets": "soundjoy_tickets.csv", "reviews": "soundjoy_reviews.xlsx",
         "survey": "soundjoy_nps.csv", "social": "soundjoy_social.jsonl", "answer_key": "answer_key.json",
         "truth": "truth.csv"}
SPAM_POSTS = (18, 14)
DUPLICATES = {"review": 12, "survey": 8}


@dataclass(frozen=True)
class DemoFiles:
    """The generated files of the demo; ``exports()`` are the five files to import, in order."""

    folder: Path
    chats: Path
    tickets: Path
    reviews: Path
    survey: Path
    social: Path
    answer_key: Path
    truth: Path

    def exports(self) -> list[Path]:
        return [self.chats, self.tickets, self.reviews, self.survey, self.social]

    def complete(self) -> bool:
        return all(p.is_file() and p.stat().st_size > 0 for p in (*self.exports(), self.answer_key))


def demo_files(folder: Path = DEMO_DIR) -> DemoFiles:
    """Where the demo files live (or will), without generating anything."""
    return DemoFiles(folder, **{k: folder / v for k, v in NAMES.items()})


def generate_demo(folder: Path = DEMO_DIR, seed: int = SEED) -> DemoFiles:
    """Write the five exports, ``answer_key.json`` and ``truth.csv`` into ``folder``; deterministic per seed.

    The files are written to a temporary folder first and moved into place, so a failure leaves the old
    files (or none) rather than a half-written set.
    """
    data = generate_data(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = demo_files(folder)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".gen-") as tmp:
        staged = demo_files(Path(tmp))
        _write(staged, data, seed)
        for name in NAMES:
            os.replace(getattr(staged, name), getattr(files, name))
    return files


def generate_data(seed: int = SEED) -> Generated:
    """Plan, render and identify every record (no files written)."""
    customers = make_customers(random.Random(f"{seed}:customers"), CUSTOMERS)
    planner = Planner(random.Random(f"{seed}:plan"), customers)
    specs = (planner.base() + planner.surge() + planner.defect() + planner.refund() + planner.sarcasm()
             + planner.english() + planner.default_reviews())
    planner.decorate(specs)
    specs.sort(key=lambda s: (s.at, s.channel))
    composer = Composer(random.Random(f"{seed}:text"))
    chat_writer, renderer = ChatWriter(random.Random(f"{seed}:chat"), composer), Renderer(composer.rng, composer)
    sessions = [chat_writer.build(s) for s in specs if s.channel == "chat"]
    follow_ups = [(planner.follow_up_review(s.spec, planner.rng.randint(1, 3)), s.spec)
                  for s in sessions if s.forbidden and planner.rng.random() < 0.8]
    others = [s for s in specs if s.channel != "chat"] + [review for review, _ in follow_ups]
    for spec in others:
        renderer.render(spec)
    others += _spam(planner, customers)
    rows = _identify([s.spec for s in sessions] + others, random.Random(f"{seed}:ids"))
    _duplicate(rows, random.Random(f"{seed}:dups"))
    sessions.sort(key=lambda s: s.spec.ext_id)
    return Generated(rows, sessions, follow_ups)


def _spam(planner: Planner, customers: list) -> list[Spec]:  # type: ignore[type-arg]
    out: list[Spec] = []
    for template, n in zip(SPAM, SPAM_POSTS, strict=True):
        text = spam_text(planner.rng, template)
        start = planner.rng.choice(planner.days[:-14])
        for _ in range(n):
            spec = planner.spec("social", start + timedelta(days=planner.rng.randrange(10)), "neutral", [],
                                flags={"spam"})
            spec.text, spec.extra["platform"] = text, planner.rng.choice(("微博", "小红书", "抖音"))
            out.append(spec)
    return out


def _identify(specs: list[Spec], rng: random.Random) -> dict[str, list[Spec]]:
    """Sort each channel by time and give every record the id its source system would."""
    from workbench.demo import pii

    rows: dict[str, list[Spec]] = {c: [] for c in ("chat", "ticket", "review", "survey", "social")}
    for spec in sorted(specs, key=lambda s: (s.at, s.channel, s.text)):
        rows[spec.channel].append(spec)
    for channel, items in rows.items():
        per_day: dict[str, int] = {}
        for n, spec in enumerate(items, start=1):
            day = spec.at.strftime("%Y%m%d")
            per_day[day] = per_day.get(day, 0) + 1
            spec.ext_id = {"chat": f"S{day}{per_day[day]:04d}", "ticket": f"GD{day}{per_day[day]:04d}",
                           "review": pii.order_number(rng), "survey": f"R{n:06d}",
                           "social": str(5_100_000_000 + n * 37 + rng.randrange(37))}[channel]
    return rows


def _duplicate(rows: dict[str, list[Spec]], rng: random.Random) -> None:
    """Exact duplicate rows, as exports that overlap or were pasted twice have."""
    for channel, n in DUPLICATES.items():
        items = rows[channel]
        for spec in rng.sample([s for s in items if s.text], n):
            spec.flags.add("duplicated")
            items.insert(items.index(spec) + 1, spec)


def _write(files: DemoFiles, data: Generated, seed: int) -> None:
    teams = {a.code: a.team for a in AGENTS}
    writers.write_chats(files.chats, data.sessions, teams)
    writers.write_tickets(files.tickets, data.rows["ticket"])
    writers.write_reviews(files.reviews, data.rows["review"])
    writers.write_survey(files.survey, data.rows["survey"])
    writers.write_social(files.social, data.rows["social"])
    key = build_answer_key(data, seed)
    key["sha256"] = {path.name: file_sha256(path) for path in files.exports()}
    write_answer_key(files.answer_key, key)
    write_truth(files.truth, data)


def file_sha256(path: Path) -> str:
    """The content hash of an export; for a workbook, of its uncompressed parts (zlib versions differ)."""
    digest = hashlib.sha256()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as zf:
            for name in sorted(zf.namelist()):
                digest.update(name.encode() + b"\0" + zf.read(name))
        return digest.hexdigest()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_current(files: DemoFiles) -> bool:
    """True when every export exists and matches the hashes recorded in the answer key.

    A stale set (e.g. written by an older generator, with a newer tracked answer key) is not current.
    """
    if not files.complete():
        return False
    try:
        recorded = json.loads(files.answer_key.read_text(encoding="utf-8")).get("sha256", {})
    except (OSError, ValueError):
        return False
    return all(recorded.get(p.name) == file_sha256(p) for p in files.exports())


def remove_generated(folder: Path = DEMO_DIR) -> None:
    """Delete generated exports (not the tracked answer key or README)."""
    files = demo_files(folder)
    for path in (*files.exports(), files.truth):
        path.unlink(missing_ok=True)
    for tmp in folder.glob(".gen-*"):
        shutil.rmtree(tmp, ignore_errors=True)


__all__ = ["END", "DemoFiles", "demo_files", "generate_data", "generate_demo", "is_current"]
